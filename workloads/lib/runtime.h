/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What runs between _start and guest_main: check the boot parameters, set up
 * the allocator and the exception IDT, call guest_main, then report DONE.
 */
#ifndef HVT_GUEST_RUNTIME_H
#define HVT_GUEST_RUNTIME_H

#include <stdbool.h>
#include <hvt/boot.h>

/* Each image defines this; returning from it reports DONE. */
void guest_main(struct hvt_boot_params *bp, unsigned int vcpu);

/*
 * The runtime installs its exception IDT unless the image opts out with
 * GUEST_RUNTIME_NO_IDT() at file scope (the triple-fault test does).
 */
extern const bool guest_runtime_install_idt;
#define GUEST_RUNTIME_NO_IDT() const bool guest_runtime_install_idt = false

/* The boot parameters this image was started with (same for every vCPU). */
struct hvt_boot_params *guest_boot_params(void);

__attribute__((noreturn))
void guest_runtime_start(struct hvt_boot_params *bp, unsigned int vcpu);

#endif
