#include "VernierProcess.h"

#include <stdio.h>

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
