#ifndef VIRTUALIDKIT_FREE_MEMORY_H
#define VIRTUALIDKIT_FREE_MEMORY_H

/// Hands the heap's free pages back to the system (glibc's malloc_trim); nothing elsewhere. A
/// gallery that gives back gigabytes of room after a bulk enrolment calls it, or the process
/// keeps them resident: the allocator holds freed memory for reuse.
void vidk_release_free_memory(void);

#endif
