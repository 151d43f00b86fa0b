/* SPDX-License-Identifier: GPL-2.0 */
/* /dev/hvt: the KVM-API subset hvt speaks (docs/api.md). */
#ifndef HVT_DEV_H
#define HVT_DEV_H

int hvt_dev_register(void);
void hvt_dev_unregister(void);

#endif
