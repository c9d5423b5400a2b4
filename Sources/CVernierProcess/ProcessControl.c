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

pid_t vernier_spawn(
    const char *path, char *const argv[], char *const envp[], const char *directory, int stdout_fd, int stderr_fd,
    int death_signal) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) return pid; /* the parent, or -1 */
    /* The child: only async-signal-safe calls until execve. */
    setpgid(0, 0);
#ifdef __linux__
    if (death_signal != 0) {
        prctl(PR_SET_PDEATHSIG, death_signal, 0, 0, 0);
        if (getppid() != parent) _exit(127); /* the parent died before the request */
    }
#else
    (void)death_signal;
    (void)parent;
#endif
    /* Signals the parent ignores stay ignored across execve: restore the defaults a program expects. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int input = open("/dev/null", O_RDONLY);
    if (input >= 0 && input != 0) {
        dup2(input, 0);
        close(input);
    }
    if (stdout_fd != 1) dup2(stdout_fd, 1);
    if (stderr_fd != 2) dup2(stderr_fd, 2);
    if (directory != NULL && chdir(directory) != 0) vernier_child_fail(2, "vernier: cannot enter ", directory);
    execve(path, argv, envp);
    vernier_child_fail(2, "vernier: cannot run ", path);
    return -1;
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
