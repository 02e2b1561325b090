# SPDX-License-Identifier: GPL-2.0
#
# cmwq: build the module and its KUnit test module out of tree, and run
# the demo and the tests in a guest. See README.md.
#
#   make            modules for the QEMU guest kernel (built on first use)
#   make uml        modules for the UML kernel
#   make stock      modules against Debian's linux-headers-amd64 (no boot)
#   make kasan      modules for the KASAN guest kernel (built on first use)
#   make check-kasan  the race and stress tests under KASAN (long)
#   make check      every test, in the guests
#   make lockdep-check  provoke each deadlock pattern, expect its report
#   make demo       build everything and show cmwq at work in a guest
#   make microbench cmwq against the kernel's workqueue, five hot paths
#
# Each kernel gets its own copy of the sources under build/<kind>/, since
# an out-of-tree build of 6.1 writes its objects next to the sources.

SRCS := Kbuild $(wildcard module/Kbuild module/*.[ch] kunit/Kbuild kunit/*.[ch] \
	race/Kbuild race/*.[ch] bench/Kbuild bench/*.[ch] \
	lockdep-provoke/Kbuild lockdep-provoke/*.c)
STOCK_KDIR ?= $(firstword $(wildcard /usr/src/linux-headers-*-amd64))

.PHONY: all qemu uml kasan stock check check-kasan lockdep-check demo \
	microbench deps checkpatch clean

all: qemu

# build_for KIND, KDIR, EXTRA-MAKE-ARGS
define build_for
	@mkdir -p build/$(1)
	@rsync -a --relative $(SRCS) build/$(1)/
	$(MAKE) -C $(2) M=$(CURDIR)/build/$(1) $(3) modules
endef

qemu:
	$(call build_for,qemu,$(shell scripts/kernel/build qemu))
	$(MAKE) -C selftests all

uml:
	$(call build_for,uml,$(shell scripts/kernel/build uml),ARCH=um)

kasan:
	$(call build_for,kasan,$(shell scripts/kernel/build kasan))
	$(MAKE) -C selftests all

stock:
	@test -n "$(STOCK_KDIR)" || \
		{ echo "linux-headers-amd64 is not installed: run scripts/install-deps"; exit 1; }
	$(call build_for,stock,$(STOCK_KDIR))

check:
	scripts/check

check-kasan:
	scripts/check-kasan

lockdep-check: qemu
	scripts/lockdep-check

demo:
	scripts/demo

microbench:
	scripts/microbench

deps:
	scripts/install-deps

checkpatch:
	scripts/checkpatch

clean:
	rm -rf build
