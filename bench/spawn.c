/* Runs argv[2..] as a child and reports, in the file argv[1], its wall time
 * (fork to reap, CLOCK_MONOTONIC), CPU time and peak RSS, then exits with
 * the child's exit code (128 + N for a signal).
 *
 * Why not let the Python harness fork the tool itself: Linux keeps a
 * process's peak RSS across exec, so a child forked from the harness
 * (tens to hundreds of MiB holding the workspace's facts) starts with the
 * harness's peak and reports at least that much. Forked from this small
 * program, a tool's peak is its own. Timing here also leaves out Python's
 * process-spawning overhead, which every tool paid alike.
 *
 * Output: "wall_ns utime_us stime_us maxrss_kib" and a newline. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns(const struct timespec* t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: spawn REPORT PROGRAM [ARG...]\n");
    return 2;
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  FILE* report = fopen(argv[1], "w");
  if (report) {
    fprintf(report, "%lld %ld %ld %ld\n", ns(&end) - ns(&start),
            (long)(ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec),
            (long)(ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec), ru.ru_maxrss);
    fclose(report);
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
