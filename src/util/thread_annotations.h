#pragma once
// Clang's thread-safety attributes as macros: which mutex guards a member
// (GUARDED_BY), which a function needs held (REQUIRES) or takes
// (ACQUIRE/RELEASE). Clang checks them at compile time with
// -Wthread-safety (on for every clang build, see CMakeLists.txt); under
// GCC they expand to nothing. The types they name must be capabilities:
// util/mutex.h has the annotated mutexes and locks.

#if defined(__clang__)
#define STRATA_THREAD_ATTR(x) __attribute__((x))
#else
#define STRATA_THREAD_ATTR(x)
#endif

#define CAPABILITY(x) STRATA_THREAD_ATTR(capability(x))
#define SCOPED_CAPABILITY STRATA_THREAD_ATTR(scoped_lockable)
#define GUARDED_BY(x) STRATA_THREAD_ATTR(guarded_by(x))
#define PT_GUARDED_BY(x) STRATA_THREAD_ATTR(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) STRATA_THREAD_ATTR(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) STRATA_THREAD_ATTR(acquired_after(__VA_ARGS__))
#define REQUIRES(...) STRATA_THREAD_ATTR(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) STRATA_THREAD_ATTR(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) STRATA_THREAD_ATTR(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) STRATA_THREAD_ATTR(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) STRATA_THREAD_ATTR(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) STRATA_THREAD_ATTR(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) STRATA_THREAD_ATTR(release_generic_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) STRATA_THREAD_ATTR(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) STRATA_THREAD_ATTR(locks_excluded(__VA_ARGS__))
#define RETURN_CAPABILITY(x) STRATA_THREAD_ATTR(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS STRATA_THREAD_ATTR(no_thread_safety_analysis)
