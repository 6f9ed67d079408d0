// Linux epoll and eventfd for the HTTP server's event loops. Swift's Glibc module does not export
// <sys/epoll.h> or <sys/eventfd.h>, and `struct epoll_event` is packed on x86-64, which Swift
// cannot lay out; these wrappers take and return a plain struct instead.
#ifndef CLAIMSCRUBBER_EVENT_POLL_H
#define CLAIMSCRUBBER_EVENT_POLL_H

#include <stdint.h>

/// Interest and readiness bits (our own values, mapped to EPOLL* in event_poll.c).
enum {
    CS_POLL_READ = 1,
    CS_POLL_WRITE = 2,
    /// Readiness only: the peer hung up or the socket has an error.
    CS_POLL_HANGUP = 4,
    /// Interest only: wake one waiter, not all (EPOLLEXCLUSIVE; the shared listening socket).
    CS_POLL_EXCLUSIVE = 8,
};

typedef struct {
    uint32_t events;
    uint64_t token;
} cs_poll_event;

/// epoll_create1(EPOLL_CLOEXEC); -1 and errno on failure.
int cs_poll_create(void);
/// EPOLL_CTL_ADD / MOD / DEL (level-triggered); 0 or -1 and errno.
int cs_poll_add(int poll_fd, int fd, uint32_t interest, uint64_t token);
int cs_poll_modify(int poll_fd, int fd, uint32_t interest, uint64_t token);
int cs_poll_remove(int poll_fd, int fd);
/// epoll_wait into `out` (at most `capacity`, at most 512 a call); the count, or -1 and errno.
int cs_poll_wait(int poll_fd, cs_poll_event *out, int capacity, int timeout_ms);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC): wakes a loop blocked in cs_poll_wait.
int cs_wake_create(void);
/// Adds 1 to the counter (never blocks: a full counter already means "wake").
void cs_wake_signal(int wake_fd);
/// Resets the counter.
void cs_wake_drain(int wake_fd);

/// Names the calling thread (shown by top, gdb, perf); at most 15 bytes are kept.
void cs_name_thread(const char *name);

/// CPUs this process may use, at least 1: the CPUs of its affinity mask (sched_getaffinity),
/// capped by the cgroup CPU limit rounded up (cgroup v2 cpu.max, or v1 cpu.cfs_quota_us), which is
/// what a Kubernetes CPU limit sets while the affinity mask still lists every CPU of the node.
int cs_available_cpus(void);
/// The same with the cgroup file system at `cgroup_root` instead of /sys/fs/cgroup (tests).
int cs_available_cpus_at(const char *cgroup_root);

#endif
