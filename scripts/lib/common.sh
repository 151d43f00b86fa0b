# scripts/lib/common.sh — shared helpers for hvt's shell entry points.
# shellcheck shell=bash

HVT_ROOT=${HVT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
HVT_CACHE=${HVT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hvt}
HVT_BUILD=${HVT_BUILD:-$HVT_ROOT/build}

die() {
	echo "hvt: $*" >&2
	exit 1
}

# A progress line for anything that may take more than a few seconds.
step() {
	echo "==> $*" >&2
}

# The ABI (e.g. 6.1.0-56-amd64) that the installed linux-headers-amd64 depends on.
hvt_kernel_abi() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) || return 1
	dep=${dep%%,*}
	dep=${dep%% *}
	dep=${dep#linux-headers-}
	[ -n "$dep" ] && [ -d "/usr/src/linux-headers-$dep" ] || return 1
	echo "$dep"
}

# The unpacked testbed kernel directory, or a clear error.
hvt_kernel_dir() {
	local abi dir
	abi=$(hvt_kernel_abi) || die "no linux-headers-amd64 installed: run scripts/setup"
	dir="$HVT_CACHE/kernel/$abi"
	[ -f "$dir/.complete" ] ||
		die "no Debian kernel image for $abi in $HVT_CACHE/kernel: run scripts/setup"
	echo "$dir"
}
