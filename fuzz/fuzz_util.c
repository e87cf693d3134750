/*
 * fuzz_util.c - what the libFuzzer harnesses share (see fuzz_util.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "fuzz_util.h"
#include "csvread.h"
#include "input.h"

jmp_buf fuzz_jmp;

static void
jump_back(int status)
{
	longjmp(fuzz_jmp, status ? status : 256);
}

void
fuzz_catch_exit(void)
{
	error_set_exit(jump_back);
}

const char *
fuzz_file(int which, const uint8_t *data, size_t size)
{
	static int fd[2] = {-1, -1};
	static char path[2][64];

	if (fd[which] < 0) {
		fd[which] = memfd_create("rmkit-fuzz", 0);
		if (fd[which] < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path[which], sizeof(path[which]), "/proc/self/fd/%d",
		         fd[which]);
	}
	if (ftruncate(fd[which], 0) != 0 ||
	    pwrite(fd[which], data, size, 0) != (ssize_t)size) {
		perror("fuzz_file");
		abort();
	}
	return path[which];
}

#define MAX_OPEN 64

static struct input *open_inputs[MAX_OPEN];

struct input *__real_input_open(const char *path);
void __real_input_close(struct input *in);
struct input *__wrap_input_open(const char *path);
void __wrap_input_close(struct input *in);

struct input *
__wrap_input_open(const char *path)
{
	struct input *in = __real_input_open(path);
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (open_inputs[i] == NULL) {
			open_inputs[i] = in;
			return in;
		}
	fuzz_fail("more than 64 inputs open");
}

void
__wrap_input_close(struct input *in)
{
	int i;

	for (i = 0; in && i < MAX_OPEN; i++)
		if (open_inputs[i] == in)
			open_inputs[i] = NULL;
	__real_input_close(in);
}

static struct csv_reader *open_readers[MAX_OPEN];

struct csv_reader *__real_csv_reader_new(struct input *in, char delim,
                                         char quote, size_t max_record);
void __real_csv_reader_free(struct csv_reader *r);
struct csv_reader *__wrap_csv_reader_new(struct input *in, char delim,
                                         char quote, size_t max_record);
void __wrap_csv_reader_free(struct csv_reader *r);

struct csv_reader *
__wrap_csv_reader_new(struct input *in, char delim, char quote,
                      size_t max_record)
{
	struct csv_reader *r =
	    __real_csv_reader_new(in, delim, quote, max_record);
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (open_readers[i] == NULL) {
			open_readers[i] = r;
			return r;
		}
	fuzz_fail("more than 64 CSV readers open");
}

void
__wrap_csv_reader_free(struct csv_reader *r)
{
	int i;

	for (i = 0; r && i < MAX_OPEN; i++)
		if (open_readers[i] == r)
			open_readers[i] = NULL;
	__real_csv_reader_free(r);
}

void
fuzz_close_inputs(void)
{
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (open_readers[i]) {
			__real_csv_reader_free(open_readers[i]);
			open_readers[i] = NULL;
		}

	for (i = 0; i < MAX_OPEN; i++)
		if (open_inputs[i]) {
			__real_input_close(open_inputs[i]);
			open_inputs[i] = NULL;
		}
}

FILE *
fuzz_devnull(void)
{
	static FILE *f;

	if (f == NULL && (f = fopen("/dev/null", "w")) == NULL) {
		perror("/dev/null");
		abort();
	}
	return f;
}

int
fuzz_input_may_die(const uint8_t *data, size_t size)
{
	return size >= 2 && ((data[0] == 0x1f && data[1] == 0x8b) ||
	                     (data[0] == 0xff && data[1] == 0xfe) ||
	                     (data[0] == 0xfe && data[1] == 0xff));
}

void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: invariant broken: %s\n", what);
	abort();
}

void
fuzz_split(const uint8_t *data, size_t size, char **head,
           const uint8_t **rest, size_t *restlen)
{
	const uint8_t *sep = NULL;
	size_t hlen = 0, skip = 0, n;

	if (size >= 3 && memcmp(data, "%%\n", 3) == 0) {
		sep = data;
		skip = 3;
	} else if ((sep = memmem(data, size, "\n%%\n", 4)) != NULL) {
		hlen = (size_t)(sep - data);
		skip = 4;
	}
	if (sep == NULL) {
		*head = NULL;
		*rest = data;
		*restlen = size;
		return;
	}
	n = strnlen((const char *)data, hlen);
	*head = malloc(n + 1);
	if (*head == NULL)
		abort();
	memcpy(*head, data, n);
	(*head)[n] = '\0';
	*rest = sep + skip;
	*restlen = size - (size_t)(sep + skip - data);
}
