/*
 * sys.c -- read(2) and write(2) as iobuf.h states them (the assumption H18
 * of proofs/README.md): one system call each, its outcome as a count or a
 * CLI_SYS_* code. Not proved: this is the boundary of the proved buffers.
 */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "iobuf.h"

static long
outcome(ssize_t r)
{
	if (r >= 0)
		return (long)r;
	if (errno == EINTR)
		return CLI_SYS_RETRY;
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return CLI_SYS_AGAIN;
	return CLI_SYS_ERROR;
}

long
cli_sys_read(int fd, uint8_t *buf, size_t n)
{
	return outcome(read(fd, buf, n > SSIZE_MAX ? (size_t)SSIZE_MAX : n));
}

long
cli_sys_write(int fd, const uint8_t *buf, size_t n)
{
	long r = outcome(write(fd, buf, n > SSIZE_MAX ? (size_t)SSIZE_MAX : n));

	if (r == 0) {
		errno = EIO;
		return CLI_SYS_ERROR;
	}
	return r;
}
