/* Run one call in a forked child with a time limit. The child writes its
 * outputs into shared memory; the parent copies them back only when the
 * child returned normally, so a crash or a hang costs one case, never the
 * run, and never leaves half-written outputs behind. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>

#include "backend.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#define ISO_MAX_OUTS 8

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int rb_isolate(int (*fn)(void *arg, void *const *outs), void *arg, const rb_iso_buf *outs,
               int nouts, double timeout_s, int *sig)
{
    if (sig)
        *sig = 0;
    if (nouts < 0 || nouts > ISO_MAX_OUTS)
        return RB_ERR_ISOLATE;
    size_t off[ISO_MAX_OUTS], total = 64; /* first 64 bytes: the status */
    for (int i = 0; i < nouts; i++) {
        off[i] = total;
        size_t sz = outs[i].ptr ? outs[i].size : 0;
        total += (sz + 63) & ~(size_t)63;
    }
    unsigned char *shm = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED)
        return RB_ERR_ISOLATE;
    for (int i = 0; i < nouts; i++)
        if (outs[i].ptr && outs[i].size)
            memcpy(shm + off[i], outs[i].ptr, outs[i].size);
    volatile int *status = (volatile int *)shm;
    *status = -1;
    int pfd[2];
    if (pipe(pfd) != 0) {
        munmap(shm, total);
        return RB_ERR_ISOLATE;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(pfd[0]);
        close(pfd[1]);
        munmap(shm, total);
        return RB_ERR_ISOLATE;
    }
    if (pid == 0) {
        close(pfd[0]);
#ifdef _OPENMP
        /* libgomp's thread pool does not survive fork(): a parallel region in
         * the child would wait forever for the parent's workers. */
        omp_set_num_threads(1);
#endif
        void *ptrs[ISO_MAX_OUTS];
        for (int i = 0; i < nouts; i++)
            ptrs[i] = outs[i].ptr ? (void *)(shm + off[i]) : NULL;
        int st = fn(arg, ptrs);
        *status = st;
        char done = 1;
        ssize_t w = write(pfd[1], &done, 1);
        (void)w;
        _exit(0);
    }
    close(pfd[1]);
    double deadline = now_s() + (timeout_s > 0 ? timeout_s : 1e9);
    int got = 0, timed_out = 0;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd p = {pfd[0], POLLIN, 0};
        int ms = left > 1e6 ? 1000000000 : (int)(left * 1000) + 1;
        int r = poll(&p, 1, ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue; /* re-check the deadline */
        char c;
        ssize_t n = read(pfd[0], &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        got = n == 1;
        break; /* data, or EOF: the child is gone */
    }
    close(pfd[0]);
    int wstatus = 0, rc;
    if (timed_out) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
        munmap(shm, total);
        return RB_ERR_TIMEOUT;
    }
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (got && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
        rc = *status;
        for (int i = 0; i < nouts; i++)
            if (outs[i].ptr && outs[i].size)
                memcpy(outs[i].ptr, shm + off[i], outs[i].size);
    } else {
        rc = RB_ERR_CRASH;
        if (sig)
            *sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : -(WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 1);
    }
    munmap(shm, total);
    return rc;
}
