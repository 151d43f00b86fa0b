// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's debug registers. Every MOV to or from DR0-DR7 exits, so the
 * guest never reads the host's breakpoint addresses; hvt keeps DR0-DR3 in
 * the vCPU and loads them into the CPU only while the guest's DR7 enables a
 * breakpoint (guest_state.c). DR6 and DR7 live in the VMCB, which VMRUN
 * and #VMEXIT switch. The CPU has already made the CPL and CR4.DE checks
 * before the intercept; what depends on the operand or DR7.GD is here.
 */
#include "hvt.h"
#include "svm/dr.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "vcpu.h"

#define DR6_FIXED_1  0xffff0ff0ull	/* reads as 1 (AMD) */
#define DR6_VOLATILE 0x0000e00full	/* B0-B3, BD, BS, BT */
#define DR6_BD	     (1ull << 13)
#define DR7_FIXED_1  0x00000400ull
#define DR7_VOLATILE 0xffff2bffull	/* bits 11, 12, 14, 15 read as 0 */
#define DR7_GD	     (1ull << 13)

int hvt_dr_access(struct hvt_vcpu *vcpu, unsigned int dr, bool write, unsigned int gpr,
		  bool long_mode)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	u64 *reg = hvt_vcpu_reg(vcpu, gpr);
	u64 val;

	/* General detect: the access faults with #DB, DR6.BD set, DR7.GD cleared. */
	if (s->dr7 & DR7_GD) {
		s->dr6 = (s->dr6 & ~DR6_VOLATILE) | DR6_FIXED_1 | DR6_BD;
		s->dr7 &= ~DR7_GD;
		return HVT_VEC_DB;
	}
	/* DR4/DR5 alias DR6/DR7 when CR4.DE is clear (with it set the CPU raised #UD). */
	if (dr == 4 || dr == 5)
		dr += 2;
	if (dr > 7)
		return HVT_VEC_UD;
	if (!write) {
		val = dr < 4 ? vcpu->dr[dr] : dr == 6 ? s->dr6 : s->dr7;
		*reg = long_mode ? val : (u32)val;
		return HVT_EMULATED;
	}
	val = long_mode ? *reg : (u32)*reg;
	if (dr < 4) {
		vcpu->dr[dr] = val;
		return HVT_EMULATED;
	}
	if (val >> 32)
		return HVT_VEC_GP;
	if (dr == 6)
		s->dr6 = (val & DR6_VOLATILE) | DR6_FIXED_1;
	else
		s->dr7 = (val & DR7_VOLATILE) | DR7_FIXED_1;
	return HVT_EMULATED;
}
