#ifndef VERNIER_PROCESS_H
#define VERNIER_PROCESS_H

/// Asks the kernel to send `signal` to this process when its parent dies (Linux `prctl(PR_SET_PDEATHSIG)`,
/// which Swift cannot call directly because `prctl` is variadic). Returns 0 on success, -1 where the system has
/// no such request (then the caller watches the parent itself).
int vernier_set_parent_death_signal(int signal);

/// Makes standard output line-buffered, so that each line reaches a log file, a pipe or `tee` when it is printed
/// and not when the process exits (the C library buffers whole blocks when standard output is not a terminal).
/// Call it before anything is written.
void vernier_line_buffer_standard_output(void);

#endif
