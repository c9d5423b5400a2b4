#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "VernierProcess.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

void vernier_line_buffer_standard_output(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

#ifdef __linux__
#include <sys/prctl.h>

int vernier_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0); }
#else
int vernier_set_parent_death_signal(int signal) {
    (void)signal;
    return -1;
}
#endif

/* Writes `text`, `subject` and the current errno's number to `fd`, then exits with 127 (async-signal-safe calls
   only: no strerror, no stdio). */
static void vernier_child_fail(int fd, const char *text, const char *subject) {
    int code = errno;
    char digits[16];
    int length = 0;
    do {
        digits[sizeof digits - 1 - length++] = (char)('0' + code % 10);
        code /= 10;
    } while (code > 0 && length < (int)sizeof digits);
    (void)!write(fd, text, strlen(text));
    (void)!write(fd, subject, strlen(subject));
    (void)!write(fd, ": errno ", 8);
    (void)!write(fd, digits + sizeof digits - length, (size_t)length);
    (void)!write(fd, "\n", 1);
    _exit(127);
}

/* The SIGALRM handler of the keeper: nothing to do, the signal only interrupts its waitpid. */
static void vernier_keeper_wake(int signal) { (void)signal; }

/* Closes every descriptor from 3 up (the keeper holds nothing of its parent's: no database, socket or other
   trial's pipe). */
static void vernier_close_from_3(void) {
#if defined(__linux__) && defined(SYS_close_range)
    if (syscall(SYS_close_range, 3, ~0U, 0) == 0) return;
#endif
    struct rlimit limit;
    long highest = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? (long)limit.rlim_cur
                                                                                            : 65536;
    if (highest > 65536) highest = 65536;
    for (long fd = 3; fd < highest; fd++) close((int)fd);
}

/* Ends the keeper the way the program ended: its exit status, or the same signal (without a core file). */
static void vernier_keeper_exit_like(int status) {
    if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
    int number = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    signal(number, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, number);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    kill(getpid(), number);
    _exit(128 + number); /* a signal whose default is to be ignored */
}

/* The keeper's loop: waits for the program; once `parent` is gone, sends `death_signal` to the whole process
   group, then SIGKILL after `kill_after` seconds, and after the program's end kills what is left of the group. */
static void vernier_keep(pid_t parent, pid_t program, int death_signal, unsigned kill_after) {
    int status = 0;
    int orphaned = 0;
    unsigned waited = 0;
    for (;;) {
        alarm(1);
        pid_t result = waitpid(program, &status, 0);
        if (result == program) break;
        if (result < 0 && errno != EINTR) {
            status = 127 << 8;
            break;
        }
        if (getppid() == parent) continue;
        if (!orphaned) {
            orphaned = 1;
            kill(0, death_signal != 0 ? death_signal : SIGKILL);
        } else if (++waited >= kill_after) {
            kill(0, SIGKILL);
        }
    }
    alarm(0);
    if (orphaned || getppid() != parent) kill(0, SIGKILL); /* what the program started goes with it */
    vernier_keeper_exit_like(status);
}

pid_t vernier_spawn(
    const char *path, char *const argv[], char *const envp[], const char *directory, int stdout_fd, int stderr_fd,
    int death_signal, unsigned kill_after) {
    pid_t parent = getpid();
    pid_t keeper = fork();
    if (keeper != 0) return keeper; /* the parent, or -1 */
    /* The keeper (a copy of a multithreaded process): only async-signal-safe calls from here on. */
    setpgid(0, 0);
    int input = open("/dev/null", O_RDONLY);
    if (input >= 0 && input != 0) {
        dup2(input, 0);
        close(input);
    }
    if (stdout_fd != 1) dup2(stdout_fd, 1);
    if (stderr_fd != 2) dup2(stderr_fd, 2);
    vernier_close_from_3();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Signals sent to the group (a prune, a timeout, Ctrl-C forwarded) are for the program, not the keeper. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    if (death_signal != 0) signal(death_signal, SIG_IGN);
    signal(SIGCHLD, SIG_DFL);
    struct sigaction wake;
    memset(&wake, 0, sizeof wake);
    wake.sa_handler = vernier_keeper_wake; /* no SA_RESTART: the signal interrupts waitpid */
    sigemptyset(&wake.sa_mask);
    sigaction(SIGALRM, &wake, NULL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGALRM, 0, 0, 0);
#endif
    if (getppid() != parent) _exit(127); /* the parent died before the request */
    pid_t program = fork();
    if (program < 0) vernier_child_fail(2, "vernier: cannot start ", path);
    if (program == 0) {
        /* The program: the default dispositions a program expects (ignored signals stay ignored across execve). */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGALRM, SIG_DFL);
        if (death_signal != 0) signal(death_signal, SIG_DFL);
        if (directory != NULL && chdir(directory) != 0) vernier_child_fail(2, "vernier: cannot enter ", directory);
        execve(path, argv, envp);
        vernier_child_fail(2, "vernier: cannot run ", path);
    }
    /* The keeper holds none of the program's output: the pipes close when the program's side closes them. */
    close(0);
    close(1);
    close(2);
    vernier_keep(parent, program, death_signal, kill_after == 0 ? 1 : kill_after);
    return -1;
}

int vernier_pidfd_open(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int vernier_pipe(int fds[2]) {
#ifdef __linux__
    return pipe2(fds, O_CLOEXEC);
#else
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}
