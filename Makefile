# SPDX-License-Identifier: GPL-2.0
#
# cmwq: build the module and its KUnit test module out of tree, and run
# the demo and the tests in a guest. See README.md.
#
#   make            modules for $(KERNEL), by default the QEMU guest kernel
#   make KERNEL=K   modules and selftests for kernel K: qemu, uml, kasan,
#                   stock-6.1, stock-6.12 or stock-6.12-rt (Debian's
#                   prebuilt kernels, fetched into the cache on first use)
#   make uml        modules for the UML kernel (likewise kasan, stock-*)
#   make stock      modules for the three stock kernels
#   make kasan      modules for the KASAN guest kernel (built on first use)
#   make check-kasan  the race and stress tests under KASAN (long)
#   make kcsan      modules for the KCSAN guest kernel (built on first use)
#   make torture    cmwq_torture.ko for 10 min on the kasan and kcsan
#                   kernels: hotplug, fault injection, freezer, reloads,
#                   kmemleak (TORTURE_MINUTES=N; Documentation/reliability.rst)
#   make check      every test on every kernel of the matrix; with
#                   KERNEL=K only K's part (Documentation/harness.rst)
#   make dkms-build dkms build against each stock kernel's headers, in a
#                   private dkms tree under build/dkms (never installs)
#   make drgn-stock the drgn checks on a stock kernel (1 GB -dbg package)
#   make lockdep-check  provoke each deadlock pattern, expect its report
#   make odebug-check   free a queued on-stack work, expect its ODEBUG report
#   make demo       build everything and show cmwq at work in a guest
#   make microbench make bench --quick: small counts, one round (minutes)
#   make bench      cmwq against the kernel's workqueue, issue 14's scenarios,
#                   on stock 6.12 and 6.1: table, JSON, plots (4 to 9 min)
#   make profile    where cmwq's per-work cost goes against the kernel's
#                   workqueue: call counts or perf samples (PROFILE=...)
#   make topology   the pods selftest on the smt16 and memless guests
#   make topology-large  cmwq on the 64-vCPU guest, each step timed (long)
#
# Each kernel gets its own copy of the sources under build/<kind>/, since
# an out-of-tree build of 6.1 writes its objects next to the sources.

SRCS := Kbuild $(wildcard module/Kbuild module/*.[ch] kunit/Kbuild kunit/*.[ch] \
	race/Kbuild race/*.[ch] torture/Kbuild torture/*.[ch] bench/Kbuild bench/*.[ch] kwq/Kbuild kwq/*.c \
	lockdep-provoke/Kbuild lockdep-provoke/*.c odebug-provoke/Kbuild \
	odebug-provoke/*.c)
KERNEL ?= qemu
STOCK_KERNELS := stock-6.1 stock-6.12 stock-6.12-rt
# Only a KERNEL the user named narrows make check and dkms-build down.
ifneq ($(filter command line environment,$(origin KERNEL)),)
KERNEL_ARG := --kernel $(KERNEL)
DKMS_KERNELS := $(KERNEL)
else
DKMS_KERNELS := $(STOCK_KERNELS)
endif
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

.PHONY: all qemu uml kasan kcsan stock $(STOCK_KERNELS) check check-kasan torture \
	lockdep-check odebug-check demo microbench bench profile topology topology-large \
	deps checkpatch dkms-build drgn-stock clean

all: $(KERNEL)

# build_for KIND, KDIR, EXTRA-MAKE-ARGS
# "+": make sees no $(MAKE) in the rule's own text, only in this macro's,
# and would not hand the jobserver of "make -jN" down to Kbuild.
define build_for
	@mkdir -p build/$(1)
	@rsync -a --relative $(SRCS) build/$(1)/
	+$(MAKE) -C $(2) M=$(CURDIR)/build/$(1) $(3) modules
endef

qemu:
	$(call build_for,qemu,$(shell scripts/kernel/build qemu))
	$(MAKE) -C selftests all

uml:
	$(call build_for,uml,$(shell scripts/kernel/build uml),ARCH=um)

kasan:
	$(call build_for,kasan,$(shell scripts/kernel/build kasan))
	$(MAKE) -C selftests all

kcsan:
	$(call build_for,kcsan,$(shell scripts/kernel/build kcsan))
	$(MAKE) -C selftests all

# Debian's headers, unpacked into the cache by scripts/kernel/stock.
$(STOCK_KERNELS):
	$(call build_for,$@,$$(scripts/kernel/stock $@)/headers)
	$(MAKE) -C selftests all

stock: $(STOCK_KERNELS)

check:
	scripts/check $(KERNEL_ARG)

# The tree a user would copy to /usr/src/cmwq-<version> for dkms add.
dkms-build:
	@mkdir -p build/dkms/src/cmwq-$(DKMS_VERSION)
	@rsync -a --relative $(SRCS) dkms.conf build/dkms/src/cmwq-$(DKMS_VERSION)/
	scripts/dkms-build $(DKMS_VERSION) $(DKMS_KERNELS)

drgn-stock:
	scripts/drgn-stock $(if $(filter $(STOCK_KERNELS),$(KERNEL)),$(KERNEL),stock-6.1)

check-kasan:
	scripts/check-kasan

torture:
	scripts/torture

lockdep-check: qemu
	scripts/lockdep-check

odebug-check: qemu
	scripts/odebug-check

demo:
	scripts/demo

# Only a stock KERNEL narrows them down (the default: stock-6.12, stock-6.1).
BENCH_KERNELS := $(if $(filter $(STOCK_KERNELS),$(KERNEL)),--kernels $(KERNEL))

# The former microbenchmark's paths are scenarios 2, 3, 4, 6 and 8 of
# make bench; this is its quick run.
microbench:
	scripts/bench --quick $(BENCH_KERNELS)

bench:
	scripts/bench $(BENCH_KERNELS)

# PROFILE="--mode samples scenarios=0x100" and the like: scripts/profile.
profile:
	scripts/profile $(if $(filter $(STOCK_KERNELS),$(KERNEL)),--kernel $(KERNEL)) $(PROFILE)

topology:
	scripts/topology $(KERNEL_ARG)

topology-large:
	scripts/topology --large $(KERNEL_ARG)

deps:
	scripts/install-deps

checkpatch:
	scripts/checkpatch

clean:
	rm -rf build
