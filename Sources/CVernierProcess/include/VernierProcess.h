#ifndef VERNIER_PROCESS_H
#define VERNIER_PROCESS_H

#include <sys/types.h>

/// Asks the kernel to send `signal` to this process when its parent dies (Linux `prctl(PR_SET_PDEATHSIG)`,
/// which Swift cannot call directly because `prctl` is variadic). Returns 0 on success, -1 where the system has
/// no such request (then the caller watches the parent itself).
int vernier_set_parent_death_signal(int signal);

/// Starts `path` with `argv` and `envp` (both NULL-terminated) in the directory `directory` (NULL: the current
/// one), with standard input from /dev/null and standard output and error on `stdout_fd` and `stderr_fd`, in a new
/// process group led by a small keeper process (a fork of the caller that runs no other code), so a signal to
/// `-pid` reaches the program and everything it starts. The keeper ignores SIGINT, SIGTERM, SIGHUP and SIGPIPE,
/// waits for the program and exits the way it did (its exit status, or the same signal), so waiting for the
/// returned pid is waiting for the program. When the calling thread's process dies (Linux parent-death signal,
/// elsewhere noticed within a second), the keeper sends `death_signal` to the whole group, SIGKILL after
/// `kill_after` seconds (at least 1), and SIGKILL to what is left once the program has ended: no grandchild
/// outlives Vernier. The keeper closes every descriptor above 2. Returns the keeper's pid (the group's id), or -1
/// with `errno` set when the fork fails; a failing `chdir`, `fork` or `execve` makes it exit with status 127 after
/// writing the reason to `stderr_fd`.
pid_t vernier_spawn(
    const char *path, char *const argv[], char *const envp[], const char *directory, int stdout_fd, int stderr_fd,
    int death_signal, unsigned kill_after);

/// A descriptor that becomes readable when process `pid` (a child) exits (Linux `pidfd_open`), for `poll`; -1
/// with `errno` set where the system has none.
int vernier_pidfd_open(pid_t pid);

/// Creates a pipe whose two ends close on `execve` (`pipe2(O_CLOEXEC)` where it exists), so a program started by
/// another thread meanwhile does not inherit them. Returns 0, or -1 with `errno` set.
int vernier_pipe(int fds[2]);

/// Makes standard output line-buffered, so that each line reaches a log file, a pipe or `tee` when it is printed
/// and not when the process exits (the C library buffers whole blocks when standard output is not a terminal).
/// Call it before anything is written.
void vernier_line_buffer_standard_output(void);

#endif
