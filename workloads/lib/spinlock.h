/* SPDX-License-Identifier: GPL-2.0 */
/* Test-and-test-and-set spinlock for data shared by several vCPUs. */
#ifndef HVT_GUEST_SPINLOCK_H
#define HVT_GUEST_SPINLOCK_H

#include "x86.h"

struct spinlock {
	volatile int locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();	/* spin on a read, not on the bus lock */
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
