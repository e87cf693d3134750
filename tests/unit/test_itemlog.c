/*
 * test_itemlog.c - the item log (itemlog.h) and pairs_clear() (pairs.h).
 *
 * Random records go to random partitions of a log and, beside it, to a
 * copy per partition kept here; every partition must give back exactly
 * its copy, in memory and once spilled to the temporary file (whose
 * directory, $TMPDIR, must be left empty: the file is unlinked).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hash.h"
#include "itemlog.h"
#include "pairs.h"
#include "scratch.h"

/* The reference copy: one growing byte array per partition. */
struct copy {
	char *b[ITEMLOG_PARTS];
	size_t n[ITEMLOG_PARTS], cap[ITEMLOG_PARTS];
};

static void
copy_add(struct copy *c, size_t part, const char *rec, size_t len)
{
	if (c->n[part] + len > c->cap[part]) {
		c->cap[part] = (c->n[part] + len) * 2;
		c->b[part] = realloc(c->b[part], c->cap[part]);
		if (!c->b[part])
			abort();
	}
	memcpy(c->b[part] + c->n[part], rec, len);
	c->n[part] += len;
}

static uint64_t rng = 88172645463325252ULL;

static uint32_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/* Whether every partition of l holds what c does. */
static int
same_as_copy(struct itemlog *l, const struct copy *c)
{
	size_t part, len;

	for (part = 0; part < ITEMLOG_PARTS; part++) {
		const char *p = itemlog_part(l, part, &len);

		if (len != c->n[part] || (len && !p) ||
		    (len && memcmp(p, c->b[part], len) != 0))
			return 0;
	}
	return 1;
}

/*
 * nrecs random records (1..maxlen bytes; one in every long_every, when
 * not 0, of 20000 bytes: longer than any buffer) into a new log and a
 * copy; returns the log.
 */
static struct itemlog *
fill(struct copy *c, size_t nrecs, size_t maxlen, size_t long_every)
{
	static char rec[20000];
	struct itemlog *l = itemlog_new();
	size_t i, k;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < nrecs; i++) {
		uint32_t h = next_random();
		size_t len = 1 + next_random() % maxlen;

		if (long_every && i % long_every == long_every - 1)
			len = sizeof(rec);
		for (k = 0; k < len; k++)
			rec[k] = (char)(i + k * 7);
		/* in two pieces, split anywhere (the head may be all of it) */
		k = next_random() % (len + 1);
		itemlog_add(l, h, rec, k, k < len ? rec + k : NULL, len - k);
		copy_add(c, h % ITEMLOG_PARTS, rec, len);
	}
	return l;
}

static void
copy_free(struct copy *c)
{
	size_t i;

	for (i = 0; i < ITEMLOG_PARTS; i++)
		free(c->b[i]);
}

/* Whether the directory holds no file (it is removed and made again). */
static int
dir_empty(const char *dir)
{
	return rmdir(dir) == 0 && mkdir(dir, 0700) == 0;
}

/* Whether this process has an open file, deleted, in dir. */
static int
has_deleted_file_in(const char *dir)
{
	char link[64], target[PATH_MAX];
	int fd, found = 0;

	for (fd = 0; fd < 1024 && !found; fd++) {
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = strncmp(target, dir, strlen(dir)) == 0 &&
		        strstr(target, "(deleted)") != NULL;
	}
	return found;
}

static void
test_in_memory(void)
{
	struct copy c;
	struct itemlog *l;
	size_t len;

	unsetenv("RMKIT_ITEM_MEMORY");
	l = fill(&c, 20000, 60, 0);
	CHECK(!itemlog_spilled(l));
	CHECK(same_as_copy(l, &c));
	CHECK(itemlog_bytes(l) > 20000);
	/* read twice: reading takes nothing away */
	CHECK(same_as_copy(l, &c));
	itemlog_free(l);
	copy_free(&c);
	l = itemlog_new();
	CHECK(itemlog_part(l, 3, &len) == NULL && len == 0);
	CHECK_INT(itemlog_bytes(l), 0);
	itemlog_free(l);
	itemlog_free(NULL);
}

static void
test_spilled(const char *memory, size_t nrecs, size_t maxlen,
             size_t long_every)
{
	struct copy c;
	struct itemlog *l;

	setenv("RMKIT_ITEM_MEMORY", memory, 1);
	setenv("TMPDIR", scratch_dir, 1);
	l = fill(&c, nrecs, maxlen, long_every);
	CHECK(itemlog_spilled(l));
	CHECK(has_deleted_file_in(scratch_dir));
	CHECK(dir_empty(scratch_dir));
	CHECK(same_as_copy(l, &c));
	itemlog_free(l);
	CHECK(!has_deleted_file_in(scratch_dir));
	copy_free(&c);
	unsetenv("RMKIT_ITEM_MEMORY");
	unsetenv("TMPDIR");
}

static void
test_memory_setting(void)
{
	setenv("RMKIT_ITEM_MEMORY", "12345", 1);
	CHECK_INT(itemlog_memory(), 12345);
	setenv("RMKIT_ITEM_MEMORY", "-1", 1);
	CHECK_INT(itemlog_memory(), ITEMLOG_MEMORY);
	setenv("RMKIT_ITEM_MEMORY", "4k", 1);
	CHECK_INT(itemlog_memory(), ITEMLOG_MEMORY);
	unsetenv("RMKIT_ITEM_MEMORY");
	CHECK_INT(itemlog_memory(), ITEMLOG_MEMORY);
}

/*
 * A cleared flat table finds none of its old records and takes new ones;
 * the same ref in two accounts is two records.
 */
static void
test_pairs_clear(struct pairs *p)
{
	char ref[40];
	int added, round, ok = 1;
	size_t i;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 5000; i++) {
			/* long refs (in the arena) and short ones */
			snprintf(ref, sizeof(ref), i % 3 ? "r%zu" : "%030zu", i);
			pairs_index(p, (uint32_t)(i % 97), ref, strlen(ref),
			            &added);
			ok &= added == 1;
			pairs_get(p, (uint32_t)(i % 97), ref, strlen(ref))
			    ->open = (int)i;
		}
		CHECK_INT(pairs_count(p), 5000);
		for (i = 0; i < 5000; i++) {
			snprintf(ref, sizeof(ref), i % 3 ? "r%zu" : "%030zu", i);
			ok &= pairs_get(p, (uint32_t)(i % 97), ref,
			                strlen(ref))->open == (int)i;
			ok &= pairs_count(p) == 5000;
		}
		for (i = 0; i < 100; i++) {
			pairs_index(p, (uint32_t)(i % 97), "same", 4, &added);
			ok &= added == (i < 97);
		}
		CHECK_INT(pairs_count(p), 5097);
		pairs_clear(p);
		CHECK_INT(pairs_count(p), 0);
	}
	CHECK(ok);
	pairs_free(p);
}

struct keyhash {
	uint32_t hash, acct;
};

static int
cmp_keyhash(const void *a, const void *b)
{
	const struct keyhash *x = a, *y = b;

	return x->hash != y->hash ? (x->hash > y->hash ? 1 : -1)
	                          : (x->acct > y->acct) - (x->acct < y->acct);
}

/*
 * Two accounts whose refs "same" hash alike, as pairs.c hashes (account,
 * ref), to 32 bits (found among 300000 accounts, where about ten such
 * pairs are expected): a flat table keeps them apart by the account.
 */
static void
test_flat_collision(void)
{
	size_t n = 300000, i;
	struct keyhash *kh = malloc(n * sizeof(*kh));
	struct pairs *p = pairs_new_flat();
	uint32_t a = 0, b = 0;
	int found = 0, added;
	char same[8] = "same";

	if (!kh)
		abort();
	for (i = 0; i < n; i++) {
		kh[i].acct = (uint32_t)i;
		kh[i].hash =
		    hash_bytes(((uint64_t)i + 1) * HASH_SEED, same, 4);
	}
	qsort(kh, n, sizeof(*kh), cmp_keyhash);
	for (i = 1; i < n && !found; i++)
		if (kh[i].hash == kh[i - 1].hash) {
			a = kh[i - 1].acct;
			b = kh[i].acct;
			found = 1;
		}
	free(kh);
	CHECK(found);
	pairs_get(p, a, same, 4)->open = 1;
	pairs_index(p, b, same, 4, &added);
	CHECK(added);
	pairs_get(p, b, same, 4)->open = 2;
	CHECK_INT(pairs_count(p), 2);
	CHECK_INT(pairs_get(p, a, same, 4)->open, 1);
	CHECK_INT(pairs_get(p, b, same, 4)->open, 2);
	pairs_free(p);
}

int
main(void)
{
	if (scratch_open("itemlog") != 0)
		return 1;
	test_in_memory();
	/* every full buffer written at once: buffers of 64 bytes */
	test_spilled("0", 5000, 50, 0);
	/* records longer than a buffer, alone and among others */
	test_spilled("0", 3000, 40, 7);
	test_spilled("100000", 20000, 300, 501);
	/* the default: 4 MiB held, spilled beyond */
	test_spilled("4194304", 200000, 60, 0);
	test_memory_setting();
	test_pairs_clear(pairs_new_flat());
	test_flat_collision();
	scratch_remove();
	return check_exit();
}
