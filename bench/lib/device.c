// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <hvtvmm/device.h>

static const char *kind_of_name(const char *name)
{
	if (strstr(name, "hvt"))
		return "hvt";
	if (strstr(name, "kvm"))
		return "kvm";
	return NULL;
}

/* The DEVNAME= line of /sys/dev/char/MAJ:MIN/uevent, e.g. "kvm". */
static int sysfs_devname(const char *path, char *name, size_t len)
{
	char uevent[96], line[128];
	struct stat st;
	FILE *f;
	int found = -1;

	if (stat(path, &st) || !S_ISCHR(st.st_mode))
		return -1;
	snprintf(uevent, sizeof(uevent), "/sys/dev/char/%u:%u/uevent",
		 major(st.st_rdev), minor(st.st_rdev));
	f = fopen(uevent, "r");
	if (!f)
		return -1;
	while (found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "DEVNAME=", 8))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(name, len, "%s", line + 8);
		found = 0;
	}
	fclose(f);
	return found;
}

const char *vmm_device_kind(const char *path)
{
	const char *base = strrchr(path, '/'), *kind;
	char name[128];

	if (!sysfs_devname(path, name, sizeof(name))) {
		kind = kind_of_name(name);
		if (kind)
			return kind;
	}
	kind = kind_of_name(base ? base + 1 : path);
	return kind ? kind : "unknown";
}

const char *vmm_device_open_hint(const char *path, int err)
{
	const char *base = strrchr(path, '/');
	const char *kind = kind_of_name(base ? base + 1 : path);

	if (err == EACCES || err == EPERM)
		return "run as root or as a member of the device's group";
	if (err != ENOENT && err != ENODEV && err != ENXIO)
		return "is it a KVM-API device?";
	if (kind && !strcmp(kind, "kvm"))
		return "is kvm_amd loaded?";
	if (kind && !strcmp(kind, "hvt"))
		return "is hvt.ko loaded?";
	return "is the hypervisor module loaded?";
}
