# shellcheck shell=bash
# Shared helpers for the scripts under scripts/: where the cache lives and
# how a kernel build directory is named. Sourced, never run.

CMWQ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CMWQ_CACHE=${CMWQ_CACHE:-$HOME/.cache/cmwq}
CMWQ_KSRC_TARBALL=/usr/src/linux-source-6.1.tar.xz

# log MSG...: a progress line on stderr, prefixed with the script's name.
log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

# die MSG...: report an error and stop.
die() { log "error: $*"; exit 1; }

# cmwq_ksrc_version: the Debian version of linux-source-6.1 (e.g. 6.1.192-2).
cmwq_ksrc_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
		die "linux-source-6.1 is not installed (run scripts/install-deps)"
}

# cmwq_ksrc_dir: the extracted kernel source tree in the cache (pristine but
# for the files a KIND.patch of scripts/kernel/build touches).
cmwq_ksrc_dir() { echo "$CMWQ_CACHE/src/linux-source-6.1-$(cmwq_ksrc_version)"; }

# cmwq_kernel_fragment KIND: the config fragment of KIND (qemu, uml, kasan, kcsan),
# with its "#include OTHER.config" lines replaced by that file; later lines
# win over included ones.
cmwq_kernel_fragment() {
	local frag="$CMWQ_ROOT/scripts/kernel/$1.config" line
	[ -f "$frag" ] || die "unknown kernel kind '$1' (want qemu, uml, kasan or kcsan)"
	while IFS= read -r line; do
		case $line in
		"#include "*.config)
			cmwq_kernel_fragment "$(basename "${line#\#include }" .config)" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$frag"
}

# cmwq_kernel_arch KIND: the ARCH= of KIND's kernel.
cmwq_kernel_arch() {
	case $1 in uml) echo um ;; *) echo x86_64 ;; esac
}

# cmwq_kernel_dir KIND: the build directory for KIND. Its name carries a
# hash of the config fragment, the source version and KIND.patch, so an
# edited fragment or patch or a new source package gets a fresh build and
# an unchanged one is reused.
cmwq_kernel_dir() {
	local kind=$1 hash
	hash=$( { cmwq_kernel_fragment "$kind" || exit 1; cmwq_ksrc_version
		cat "$CMWQ_ROOT/scripts/kernel/$kind.patch" 2>/dev/null; } |
		sha256sum | cut -c1-12)
	echo "$CMWQ_CACHE/build/$kind-$hash"
}

# Debian's prebuilt kernels, fetched by scripts/kernel/stock.
CMWQ_STOCK_KINDS="stock-6.1 stock-6.12 stock-6.12-rt"

# cmwq_stock_kind KIND: true if KIND is one of Debian's prebuilt kernels.
cmwq_stock_kind() {
	case " $CMWQ_STOCK_KINDS " in *" $1 "*) return 0 ;; esac
	return 1
}
