// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module that fires one WARN when loaded. The testbed test
 * "testbed_detects_warn" loads it to prove that a kernel warning during a
 * run fails that run. It is packed into the testbed, never loaded elsewhere.
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init hvt_test_warn_init(void)
{
	WARN(1, "hvt_test_warn: deliberate warning for the testbed self-test\n");
	return 0;
}

static void __exit hvt_test_warn_exit(void)
{
}

module_init(hvt_test_warn_init);
module_exit(hvt_test_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvt testbed self-test: emits one WARN on load");
