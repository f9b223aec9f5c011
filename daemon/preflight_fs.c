/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight_fs: does the data to keep fit beside DRBD's metadata?  (See
 * preflight.h.)  Pure: the first bytes of the device come from the caller. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "preflight.h"

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

int
preflight_fs_size(const unsigned char *buf, size_t len, char *type, size_t typelen,
    uint64_t *bytes)
{
	/* ext2/3/4: the superblock at 1024; its magic 0xEF53 at 0x38 */
	if (len >= 2048 && buf[1024 + 0x38] == 0x53 && buf[1024 + 0x39] == 0xEF) {
		const unsigned char *sb = buf + 1024;
		uint64_t blocks = le32(sb + 0x04);
		uint32_t log = le32(sb + 0x18);
		uint32_t incompat = le32(sb + 0x60);

		if (log > 6)
			return -EINVAL;
		if (incompat & 0x80)         /* INCOMPAT_64BIT: s_blocks_count_hi */
			blocks |= (uint64_t)le32(sb + 0x150) << 32;
		*bytes = blocks << (10 + log);
		snprintf(type, typelen, "ext4");
		return 0;
	}
	/* xfs: "XFSB", sb_blocksize (be32) at 4, sb_dblocks (be64) at 8 */
	if (len >= 16 && memcmp(buf, "XFSB", 4) == 0) {
		uint64_t dblocks = (uint64_t)be32(buf + 8) << 32 | be32(buf + 12);

		*bytes = dblocks * be32(buf + 4);
		snprintf(type, typelen, "xfs");
		return 0;
	}
	return -ENOENT;
}

uint64_t
preflight_drbd_usable_bytes(uint64_t device_bytes)
{
	/* DRBD 8.4 internal metadata at the end of the device: a 4 KiB
	 * superblock, a 32 KiB activity log, and a bitmap of one bit per
	 * 4 KiB, in whole 4 KiB blocks; the data area ends 4 KiB aligned.
	 * DRBD 9 keeps one bitmap per peer: for a pair, the same. */
	uint64_t bitmap = (device_bytes / 4096 + 7) / 8;
	uint64_t md = 4096 + 32768 + (bitmap + 4095) / 4096 * 4096;

	if (device_bytes <= md)
		return 0;
	return (device_bytes - md) / 4096 * 4096;
}
