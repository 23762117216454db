#!/bin/sh
# tests/t_impl.sh -- implementation requirements checked on the built
# library $BUILD/libmsa.a (symbols it references and defines) and on the
# public header (context size of the smallest build profile).
#   REQ-IMPL-001  no heap function referenced by any object of the library
#   REQ-IMPL-002  sans-I/O: no socket, file, thread, clock or signal function
#                 (getrandom() is the one system call: REQ-CRY-004)
#   REQ-IMPL-003  sizeof(msa_assoc) <= 256 in the profile made for suite 0x0001
#                 (-DMSA_CFG_HASH_MAX=32 -DMSA_CFG_KEY_MAX=16 -DMSA_CFG_P256=0)
#   REQ-IMPL-006  no fuzzing hook in the library; msa_drbg_init_deterministic
#                 called by no engine object, and in the tool by msa vectors only
#   REQ-CRY-011   msa_wipe is an out-of-line function of its own object, and
#                 every object that wipes calls it (no inlined plain memset);
#                 its body stores zeros or calls memset (then a barrier)
#   REQ-CRY-012   the library's own objects (src/*.c) reference no output
#                 function: nothing of theirs can be logged or printed
BUILD=${BUILD:-build}
LIB=$BUILD/libmsa.a
CC=${CC:-cc}
pass=0; fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { # description, then a command that must succeed
	d=$1; shift
	if "$@"; then ok; else ko "$d"; fi
}

if [ ! -f "$LIB" ]; then
	echo "t_impl: $LIB not built" >&2
	echo "t_impl: 0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# "object symbol" lines; nm lists an archive member as a line "name.o:"
nm "$LIB" 2>/dev/null | awk '
	/^[^ ]+\.o:$/ { o = substr($0, 1, length($0) - 1); next }
	NF == 2 && $1 == "U" { print o, $2 > u; next }
	NF == 3 && $2 ~ /^[TDRBW]$/ { print o, $3 > d }
' u="$tmp/undef" d="$tmp/def"
# objects of MSA's own sources (src/*.c), as opposed to the asn1c runtime
for f in src/*.c; do b=$(basename "$f" .c); echo "$b.o"; done > "$tmp/own"
check "nm found undefined symbols" test -s "$tmp/undef"
check "nm found defined symbols" test -s "$tmp/def"
check "the library has MSA's own objects" grep -q '^engine.o$' "$tmp/own"

# has_ref REGEX: objects that reference a symbol matching ^(REGEX)$
has_ref() { awk -v re="^($1)\$" '$2 ~ re' "$tmp/undef" | sort -u; }

# ---- REQ-IMPL-001: no heap
bad=$(has_ref 'malloc|calloc|realloc|free|reallocarray|posix_memalign|aligned_alloc|memalign|valloc|pvalloc|strdup|strndup|sbrk|brk|mmap|mmap64|alloca|__libc_malloc')
check "REQ-IMPL-001: heap functions referenced: $bad" test -z "$bad"
# the asn1c runtime's allocations go to the arena (REQ-ENC-016): its
# allocator names resolve inside the library
check "REQ-IMPL-001: msa_asn1_malloc is the library's own (arena)" \
	grep -q ' msa_asn1_malloc$' "$tmp/def"

# ---- REQ-IMPL-002: sans-I/O
io='socket|socketpair|connect|bind|listen|accept|accept4|send|sendto|sendmsg|recv|recvfrom|recvmsg|getaddrinfo|gethostbyname|open|open64|openat|openat64|creat|fopen|fopen64|freopen|fdopen|opendir|read|pread|readv|write|pwrite|writev|close|unlink|mkdir|ioctl|fcntl|select|pselect|poll|ppoll|epoll_create|epoll_create1|epoll_wait|epoll_ctl'
thr='pthread_create|pthread_join|pthread_detach|thrd_create|fork|vfork|clone|clone3|execve|execvp|system|popen|posix_spawn'
clk='time|clock|clock_gettime|__clock_gettime|gettimeofday|ftime|timespec_get|times|localtime|gmtime|localtime_r|gmtime_r|sleep|usleep|nanosleep|alarm|setitimer|timer_create'
sig='signal|sigaction|__sysv_signal|bsd_signal|sigprocmask|pthread_sigmask|raise|kill|sigsetjmp|sigwait'
bad=$(has_ref "$io")
check "REQ-IMPL-002: socket/file functions referenced: $bad" test -z "$bad"
bad=$(has_ref "$thr")
check "REQ-IMPL-002: thread/process functions referenced: $bad" test -z "$bad"
bad=$(has_ref "$clk")
check "REQ-IMPL-002: clock functions referenced: $bad" test -z "$bad"
bad=$(has_ref "$sig")
check "REQ-IMPL-002: signal functions referenced: $bad" test -z "$bad"
bad=$(has_ref 'syscall|getrandom|getentropy' | awk '$1 != "drbg.o"')
check "REQ-IMPL-002: system calls outside the DRBG's getrandom: $bad" test -z "$bad"
check "REQ-CRY-004: the DRBG seeds from getrandom()" sh -c "grep -q '^drbg.o getrandom$' '$tmp/undef'"
# a check of the check: the patterns do catch a reference
echo 'int f(void); int f(void) { return (int)time(0); }' > "$tmp/probe.c"
sed -i '1i #include <time.h>' "$tmp/probe.c"
if $CC -std=c11 -c "$tmp/probe.c" -o "$tmp/probe.o" 2>/dev/null; then
	nm -u "$tmp/probe.o" | awk -v re="^($clk)\$" '$NF ~ re { f = 1 } END { exit !f }'
	check "REQ-IMPL-002: the clock pattern finds time() in a probe object" test $? -eq 0
else
	ko "cannot compile the probe with $CC"
fi

# ---- REQ-IMPL-003: context size of the smallest profile
cat > "$tmp/size.c" <<'EOF'
#include <stdio.h>
#include "msa.h"
int main(void)
{
	printf("%zu %zu\n", sizeof(msa_assoc), sizeof(msa_hs_workspace));
	return 0;
}
EOF
if $CC -std=c11 -Iinclude -DMSA_CFG_HASH_MAX=32 -DMSA_CFG_KEY_MAX=16 -DMSA_CFG_P256=0 \
	"$tmp/size.c" -o "$tmp/size-small" && $CC -std=c11 -Iinclude "$tmp/size.c" -o "$tmp/size-full"; then
	set -- $("$tmp/size-small")
	small=$1; ws=$2
	set -- $("$tmp/size-full")
	full=$1
	echo "t_impl: sizeof(msa_assoc) $small (suite 0x0001 profile), $full (full build); workspace $ws"
	check "REQ-IMPL-003: sizeof(msa_assoc) = $small > 256 in the suite-0x0001 profile" test "$small" -le 256
	check "REQ-IMPL-003: the handshake workspace ($ws) is not inside the context ($full)" test "$ws" -gt "$full"
else
	ko "REQ-IMPL-003: cannot compile the size probe"
fi

# ---- REQ-IMPL-006: no fuzzing hook in the library built by make
bad=$(awk 'tolower($2) ~ /fuzz|bypass|noverify|skip_verify/' "$tmp/def")
check "REQ-IMPL-006: fuzzing hooks in libmsa.a: $bad" test -z "$bad"
bad=$(grep -l 'MSA_FUZZING' src/*.c src/*.h 2>/dev/null | tr '\n' ' ')
if [ -n "$bad" ]; then
	# hooks guarded by MSA_FUZZING may exist in the sources, never in the
	# build made by make (CFLAGS without -DMSA_FUZZING)
	check "REQ-IMPL-006: MSA_FUZZING not defined by the library build" \
		sh -c "! make -s -n BUILD=$BUILD $LIB 2>/dev/null | grep -q MSA_FUZZING"
fi
# REQ-IMPL-006: msa_drbg_init_deterministic is the one documented way to
# fix randomness (for vectors); no object of the engine references it, and
# of the tool only the vectors subcommand's objects do.
users=""
for o in $(ls "$BUILD"/obj/src/*.o 2>/dev/null); do
	nm "$o" 2>/dev/null | grep -q ' U msa_drbg_init_deterministic$' && users="$users $(basename "$o")"
done
check "REQ-IMPL-006: no library object calls msa_drbg_init_deterministic (got:$users)" test -z "$users"
tusers=""
for o in $(ls "$BUILD"/obj/src/cli/*.o 2>/dev/null); do
	nm "$o" 2>/dev/null | grep -q ' U msa_drbg_init_deterministic$' && tusers="$tusers $(basename "$o")"
done
check "REQ-IMPL-006: only the vectors subcommand calls it (got:$tusers)" \
	sh -c "for u in $tusers; do case \$u in vectors_*) ;; *) exit 1;; esac; done"

# ---- REQ-CRY-011: wiping through msa_wipe, out of line
w=$(awk '$2 == "msa_wipe" { print $1 }' "$tmp/def")
check "REQ-CRY-011: msa_wipe defined once, in util.o (got: $w)" test "$w" = "util.o"
# every object whose source wipes calls msa_wipe (or msa_wipe_u8, its typed
# form for WP, also in util.o) out of line (an inlined or removed wipe
# would leave no reference), and the objects that hold secrets are among
# them
wipers=$(grep -lE 'msa_wipe(_u8)?\(' src/*.c | sed 's|src/||; s|\.c$|.o|' | grep -v '^util.o$')
for o in $wipers; do
	check "REQ-CRY-011: $o calls msa_wipe" grep -qE "^$o msa_wipe(_u8)?\$" "$tmp/undef"
done
w=$(awk '$2 == "msa_wipe_u8" { print $1 }' "$tmp/def")
check "REQ-CRY-011: msa_wipe_u8 defined once, in util.o (got: $w)" test "$w" = "util.o"
for o in drbg.o engine.o handshake.o crypto_bearssl_ec.o hkdf.o; do
	check "REQ-CRY-011: $o (holds secrets) wipes with msa_wipe" sh -c "echo '$wipers' | grep -qw '$o'"
done
# msa_wipe's compiled body really zeroes: either it stores zeros itself
# (the volatile byte loop of other compilers) or it calls memset (GCC and
# clang: memset followed by an asm barrier that makes the zeroed bytes
# count as read, so the call is not a dead store: objdump -r shows the
# call's relocation to memset in msa_wipe's body)
if command -v objdump >/dev/null 2>&1; then
	ar x "$LIB" util.o --output "$tmp" 2>/dev/null || (cd "$tmp" && ar x "$OLDPWD/$LIB" util.o)
	objdump -dr --no-show-raw-insn "$tmp/util.o" | awk '/<msa_wipe>:/ { f = 1; next } /^$/ { f = 0 } f' > "$tmp/wipe.s"
	check "REQ-CRY-011: msa_wipe's body stores zeros or calls memset" grep -qE 'mov[bwlq]?[[:space:]]+\$0x0,\(|movb[[:space:]]+\$0x0|strb|mov[[:space:]]+BYTE PTR|R_[A-Z0-9_]+[[:space:]]+memset([-+]|$)' "$tmp/wipe.s"
	# and, when it calls memset, the barrier after it is in the source
	if grep -q memset "$tmp/wipe.s"; then
		check "REQ-CRY-011: msa_wipe's memset is followed by the asm barrier" \
			grep -q '__asm__ __volatile__("" : : "r"(p) : "memory");' src/util.c
	fi
fi

# ---- REQ-CRY-012: MSA's own objects reference no output function
out='printf|fprintf|vprintf|vfprintf|__printf_chk|__fprintf_chk|__vfprintf_chk|puts|fputs|fputc|putc|putchar|fwrite|perror|syslog|vsyslog|dprintf|__dprintf_chk|stdout|stderr|asn_fprint|xer_fprint'
bad=$(has_ref "$out" | awk 'FNR == NR { own[$1] = 1; next } ($1 in own) { printf "%s:%s ", $1, $2 }' "$tmp/own" -)
check "REQ-CRY-012: MSA objects reference output functions: $bad" test -z "$bad"

echo "t_impl: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
