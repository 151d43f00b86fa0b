// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include "env.h"
#include "version.h"	/* generated at build time: HVT_BENCH_VERSION */

const char *bench_version(void)
{
	return HVT_BENCH_VERSION;
}

/* First line of a small text file, without the newline; "" if unreadable. */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static bool has_flag(const char *flags, const char *flag)
{
	size_t n = strlen(flag);

	for (const char *p = flags; (p = strstr(p, flag)); p += n)
		if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0' || p[n] == '\n'))
			return true;
	return false;
}

/* Copies src up to its newline, truncated to fit. */
static void copy_line(char *dst, size_t len, const char *src)
{
	size_t n = strcspn(src, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The first CPU's model name and flags from /proc/cpuinfo. */
static void read_cpuinfo(struct bench_env *env)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "r");
	bool flags_seen = false;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		const char *value = colon ? colon + 2 : "";

		if (!colon || colon[1] != ' ')
			continue;
		if (!strncmp(line, "model name", 10) && !env->cpu_model[0]) {
			copy_line(env->cpu_model, sizeof(env->cpu_model), value);
		} else if (!strncmp(line, "flags", 5) && !flags_seen) {
			flags_seen = true;
			env->cpu_hypervisor_flag = has_flag(value, "hypervisor");
			env->tsc_constant = has_flag(value, "constant_tsc") &&
					    has_flag(value, "nonstop_tsc");
		}
	}
	fclose(f);
}

void bench_env_collect(struct bench_env *env)
{
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;

	memset(env, 0, sizeof(*env));
	if (!uname(&u)) {
		copy_line(env->kernel, sizeof(env->kernel), u.release);
		copy_line(env->machine, sizeof(env->machine), u.machine);
	}
	read_cpuinfo(env);
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  env->clocksource, sizeof(env->clocksource));
	if (gmtime_r(&now, &tm))
		strftime(env->date, sizeof(env->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	env->version = bench_version();
}

void bench_env_write_json(struct json_writer *w, const struct bench_env *env)
{
	json_kv_string(w, "kernel", env->kernel);
	json_kv_string(w, "machine", env->machine);
	json_kv_string(w, "cpu_model", env->cpu_model);
	json_kv_bool(w, "cpu_hypervisor_flag", env->cpu_hypervisor_flag);
	json_kv_string(w, "clocksource", env->clocksource);
	json_kv_bool(w, "tsc_constant_nonstop", env->tsc_constant);
	json_kv_string(w, "date", env->date);
	json_kv_string(w, "hvt_bench_version", env->version);
}
