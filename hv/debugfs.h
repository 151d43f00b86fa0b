/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVT_DEBUGFS_H
#define HVT_DEBUGFS_H

void hvt_debugfs_init(void);
void hvt_debugfs_exit(void);

#endif
