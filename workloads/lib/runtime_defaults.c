// SPDX-License-Identifier: GPL-2.0
/*
 * Weak defaults an image may override. They live in their own file: gcc
 * folds a weak const into code in the same unit, which would make the
 * override (GUEST_RUNTIME_NO_IDT) silently ineffective.
 */
#include "runtime.h"

__attribute__((weak)) const bool guest_runtime_install_idt = true;
