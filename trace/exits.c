// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: SVM exit code names (AMD APM vol. 2, appendix C). */
#include <stdio.h>
#include "exits.h"

struct exit_name {
	uint32_t code;
	const char *name;
};

static const struct exit_name named[] = {
	{ 0x60, "intr" }, { 0x61, "nmi" }, { 0x62, "smi" }, { 0x63, "init" },
	{ 0x64, "vintr" }, { 0x65, "cr0_sel_write" }, { 0x66, "idtr_read" },
	{ 0x67, "gdtr_read" }, { 0x68, "ldtr_read" }, { 0x69, "tr_read" },
	{ 0x6a, "idtr_write" }, { 0x6b, "gdtr_write" }, { 0x6c, "ldtr_write" },
	{ 0x6d, "tr_write" }, { 0x6e, "rdtsc" }, { 0x6f, "rdpmc" }, { 0x70, "pushf" },
	{ 0x71, "popf" }, { 0x72, "cpuid" }, { 0x73, "rsm" }, { 0x74, "iret" },
	{ 0x75, "swint" }, { 0x76, "invd" }, { 0x77, "pause" }, { 0x78, "hlt" },
	{ 0x79, "invlpg" }, { 0x7a, "invlpga" }, { 0x7b, "ioio" }, { 0x7c, "msr" },
	{ 0x7d, "task_switch" }, { 0x7e, "ferr_freeze" }, { 0x7f, "shutdown" },
	{ 0x80, "vmrun" }, { 0x81, "vmmcall" }, { 0x82, "vmload" }, { 0x83, "vmsave" },
	{ 0x84, "stgi" }, { 0x85, "clgi" }, { 0x86, "skinit" }, { 0x87, "rdtscp" },
	{ 0x88, "icebp" }, { 0x89, "wbinvd" }, { 0x8a, "monitor" }, { 0x8b, "mwait" },
	{ 0x8c, "mwait_cond" }, { 0x8d, "xsetbv" }, { 0x8e, "rdpru" },
	{ 0x8f, "efer_write_trap" }, { 0xa0, "invlpgb" }, { 0xa1, "invlpgb_illegal" },
	{ 0xa2, "invpcid" }, { 0xa3, "mcommit" }, { 0xa4, "tlbsync" },
	{ 0x400, "npf" }, { 0x401, "avic_incomplete_ipi" }, { 0x402, "avic_noaccel" },
	{ 0x403, "vmgexit" }, { 0xffffffff, "invalid" },
};

static const char *const vectors[32] = {
	"de", "db", "nmi", "bp", "of", "br", "ud", "nm", "df", "09", "ts", "np", "ss", "gp",
	"pf", "15", "mf", "ac", "mc", "xf", "ve", "cp", "22", "23", "24", "25", "26", "27",
	"hv", "vc", "sx", "31",
};

/* Ranges: CR/DR accesses, exceptions and CR write traps carry a number. */
static const char *ranged_name(uint32_t code, char *buf, unsigned len)
{
	if (code < 0x10)
		snprintf(buf, len, "read_cr%u", code);
	else if (code < 0x20)
		snprintf(buf, len, "write_cr%u", code - 0x10);
	else if (code < 0x30)
		snprintf(buf, len, "read_dr%u", code - 0x20);
	else if (code < 0x40)
		snprintf(buf, len, "write_dr%u", code - 0x30);
	else if (code < 0x60)
		snprintf(buf, len, "excp_%s", vectors[code - 0x40]);
	else if (code >= 0x90 && code < 0xa0)
		snprintf(buf, len, "cr%u_write_trap", code - 0x90);
	else
		return NULL;
	return buf;
}

static int vmx;

void exit_names_vmx(void)
{
	vmx = 1;
}

const char *svm_exit_name(uint32_t code, char *buf, unsigned len)
{
	if (vmx) {
		snprintf(buf, len, "vmx_%u", code);
		return buf;
	}
	for (unsigned i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].code == code)
			return named[i].name;
	if (ranged_name(code, buf, len))
		return buf;
	snprintf(buf, len, "0x%x", code);
	return buf;
}
