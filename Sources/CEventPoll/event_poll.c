#define _GNU_SOURCE
#include "event_poll.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static uint32_t to_epoll(uint32_t interest) {
    uint32_t mask = 0;
    if (interest & CS_POLL_READ) mask |= EPOLLIN;
    if (interest & CS_POLL_WRITE) mask |= EPOLLOUT;
    if (interest & CS_POLL_EXCLUSIVE) mask |= EPOLLEXCLUSIVE;
    return mask;
}

int cs_poll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static int control(int poll_fd, int op, int fd, uint32_t interest, uint64_t token) {
    struct epoll_event event = {0};
    event.events = to_epoll(interest);
    event.data.u64 = token;
    return epoll_ctl(poll_fd, op, fd, &event);
}

int cs_poll_add(int poll_fd, int fd, uint32_t interest, uint64_t token) {
    return control(poll_fd, EPOLL_CTL_ADD, fd, interest, token);
}

int cs_poll_modify(int poll_fd, int fd, uint32_t interest, uint64_t token) {
    return control(poll_fd, EPOLL_CTL_MOD, fd, interest, token);
}

int cs_poll_remove(int poll_fd, int fd) {
    struct epoll_event unused = {0};
    return epoll_ctl(poll_fd, EPOLL_CTL_DEL, fd, &unused);
}

int cs_poll_wait(int poll_fd, cs_poll_event *out, int capacity, int timeout_ms) {
    struct epoll_event events[512];
    if (capacity > 512) capacity = 512;
    if (capacity < 1) { errno = EINVAL; return -1; }
    int n = epoll_wait(poll_fd, events, capacity, timeout_ms);
    for (int i = 0; i < n; i++) {
        uint32_t e = events[i].events;
        uint32_t ready = 0;
        if (e & EPOLLIN) ready |= CS_POLL_READ;
        if (e & EPOLLOUT) ready |= CS_POLL_WRITE;
        if (e & (EPOLLHUP | EPOLLERR)) ready |= CS_POLL_HANGUP;
        out[i].events = ready;
        out[i].token = events[i].data.u64;
    }
    return n;
}

int cs_wake_create(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

void cs_wake_signal(int wake_fd) {
    uint64_t one = 1;
    ssize_t n;
    do { n = write(wake_fd, &one, sizeof one); } while (n < 0 && errno == EINTR);
}

void cs_wake_drain(int wake_fd) {
    uint64_t value;
    ssize_t n;
    do { n = read(wake_fd, &value, sizeof value); } while (n < 0 && errno == EINTR);
}

/// ceil(quota / period) from the cgroup CPU controller, or 0 when there is no limit.
static int cgroup_cpu_limit(const char *root) {
    long long quota = -1, period = 0;
    char path[512];
    snprintf(path, sizeof path, "%s/cpu.max", root);
    FILE *file = fopen(path, "re");
    if (file) {
        char first[32] = {0};
        if (fscanf(file, "%31s %lld", first, &period) == 2 && strcmp(first, "max") != 0) {
            quota = atoll(first);
        }
        fclose(file);
    } else {
        snprintf(path, sizeof path, "%s/cpu/cpu.cfs_quota_us", root);
        file = fopen(path, "re");
        if (file) {
            if (fscanf(file, "%lld", &quota) != 1) quota = -1;
            fclose(file);
        }
        snprintf(path, sizeof path, "%s/cpu/cpu.cfs_period_us", root);
        file = fopen(path, "re");
        if (file) {
            if (fscanf(file, "%lld", &period) != 1) period = 0;
            fclose(file);
        }
    }
    if (quota <= 0 || period <= 0) return 0;
    long long cpus = (quota + period - 1) / period;
    return cpus > 4096 ? 4096 : (int)cpus;
}

int cs_available_cpus(void) { return cs_available_cpus_at("/sys/fs/cgroup"); }

int cs_available_cpus_at(const char *cgroup_root) {
    int count = 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        count = CPU_COUNT(&set);
    } else {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        count = n > 0 ? (int)n : 1;
    }
    int limit = cgroup_cpu_limit(cgroup_root);
    if (limit > 0 && limit < count) count = limit;
    return count > 0 ? count : 1;
}

void cs_name_thread(const char *name) {
    char shortened[16] = {0};
    for (int i = 0; i < 15 && name[i]; i++) shortened[i] = name[i];
    pthread_setname_np(pthread_self(), shortened);
}
