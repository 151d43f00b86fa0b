// SPDX-License-Identifier: GPL-2.0
/* MMIO MOV decoder, 64-bit mode (see x86_decode.h). */
#include "core/x86_decode.h"

struct cursor {
	const u8 *b;
	unsigned int n, pos;
};

static int next(struct cursor *c, u8 *v)
{
	if (c->pos >= c->n || c->pos >= HVT_INSN_MAX)
		return -EINVAL;
	*v = c->b[c->pos++];
	return 0;
}

static int skip(struct cursor *c, unsigned int k)
{
	if (c->pos + k > c->n || c->pos + k > HVT_INSN_MAX)
		return -EINVAL;
	c->pos += k;
	return 0;
}

static bool is_legacy_prefix(u8 b)
{
	return b == 0x66 || b == 0x67 || b == 0x2e || b == 0x36 || b == 0x3e ||
	       b == 0x26 || b == 0x64 || b == 0x65;
}

/* Skip ModRM's SIB and displacement. Register-direct operands are not MMIO. */
static int skip_modrm_operand(struct cursor *c, u8 modrm, bool addr32)
{
	u8 mod = modrm >> 6, rm = modrm & 7, sib;

	(void)addr32; /* 32-bit addressing in 64-bit mode has the same layout */
	if (mod == 3)
		return -EINVAL;
	if (rm == 4) {
		if (next(c, &sib))
			return -EINVAL;
		if (mod == 0 && (sib & 7) == 5)
			return skip(c, 4);
	}
	if (mod == 0 && rm == 5)
		return skip(c, 4);	/* RIP-relative disp32 */
	if (mod == 1)
		return skip(c, 1);
	if (mod == 2)
		return skip(c, 4);
	return 0;
}

static u64 read_imm(const u8 *p, unsigned int k)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < k; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

int hvt_decode_mmio_insn(const u8 *bytes, unsigned int n, struct hvt_mmio_insn *out)
{
	struct cursor c = { bytes, n, 0 };
	bool opsize16 = false, addr32 = false;
	u8 b, rex = 0, op, modrm;
	unsigned int isz;

	*out = (struct hvt_mmio_insn){ 0 };
	if (next(&c, &b))
		return -EINVAL;
	while (is_legacy_prefix(b)) {
		opsize16 |= b == 0x66;
		addr32 |= b == 0x67;
		if (next(&c, &b))
			return -EINVAL;
	}
	if ((b & 0xf0) == 0x40) {
		rex = b;
		if (next(&c, &b))
			return -EINVAL;
	}
	op = b;
	if (op == 0x0f) {
		if (next(&c, &op) || (op != 0xb6 && op != 0xb7))
			return -EINVAL;
		out->zero_extend = true;
		out->size = op == 0xb6 ? 1 : 2;
		out->dst_size = (rex & 8) ? 8 : opsize16 ? 2 : 4;
	} else if (op == 0x88 || op == 0x8a || op == 0xc6) {
		out->size = 1;
	} else if (op == 0x89 || op == 0x8b || op == 0xc7) {
		out->size = (rex & 8) ? 8 : opsize16 ? 2 : 4;
	} else {
		return -EINVAL;
	}
	if (next(&c, &modrm))
		return -EINVAL;
	if ((op == 0xc6 || op == 0xc7) && ((modrm >> 3) & 7) != 0)
		return -EINVAL;
	if (skip_modrm_operand(&c, modrm, addr32))
		return -EINVAL;

	out->reg = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
	out->write = op == 0x88 || op == 0x89 || op == 0xc6 || op == 0xc7;
	if (out->size == 1 && !rex && out->reg >= 4 && out->reg < 8 && !out->zero_extend) {
		out->high_byte = true;	/* AH, CH, DH, BH */
		out->reg -= 4;
	}
	if (!out->zero_extend)
		out->dst_size = out->size;
	if (op == 0xc6 || op == 0xc7) {
		/* C7 takes imm16 with 66, else imm32 (sign-extended under REX.W). */
		isz = op == 0xc6 ? 1 : opsize16 && !(rex & 8) ? 2 : 4;
		if (c.pos + isz > c.n || c.pos + isz > HVT_INSN_MAX)
			return -EINVAL;
		out->imm = read_imm(&bytes[c.pos], isz);
		if (isz == 4 && out->size == 8 && (out->imm & 0x80000000u))
			out->imm |= 0xffffffff00000000ull;
		out->has_imm = true;
		out->reg = 0;
		c.pos += isz;
	}
	out->len = c.pos;
	return 0;
}
