/*
 * test_mrr_subs.c - the subscription table: ids in order of first
 * appearance, keys inline and apart, more than one block of records,
 * growth of the slots, prefetches that change nothing.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "mrr_subs.h"

#define NKEYS 100000 /* more than 2^15: three blocks of records */

/* Key i: account "a<i % 7919>", ref of a length from 0 to 49. */
static size_t
make_key(size_t i, char *key, size_t *acc_len)
{
	char ref[64];
	size_t n, rl = i % 50;

	n = (size_t)snprintf(key, 32, "a%zu", i % 7919);
	*acc_len = n;
	memset(ref, 'r', rl);
	if (rl > 0)
		(void)snprintf(ref, sizeof(ref), "%zu", i);
	if (rl > strlen(ref))
		memset(ref + strlen(ref), 'r', rl - strlen(ref));
	key[n++] = '\t';
	memcpy(key + n, ref, rl);
	return n + rl;
}

static size_t
intern(struct mrr_subs *t, size_t i, int *added)
{
	char key[128];
	size_t acc_len, len = make_key(i, key, &acc_len);
	uint64_t h =
	    mrr_subs_hash(key, acc_len, key + acc_len + 1, len - acc_len - 1);

	mrr_subs_prefetch_slot(t, h);
	mrr_subs_prefetch_record(t, h);
	return mrr_subs_intern(t, key, len, h, added);
}

static void
test_ids(void)
{
	struct mrr_subs *t = mrr_subs_new();
	size_t i, bad = 0, id;
	int added;

	for (i = 0; i < NKEYS; i++)
		if (intern(t, i, &added) != i || !added)
			bad++;
	CHECK_INT(bad, 0);
	CHECK_INT(mrr_subs_count(t), NKEYS);
	/* again, in another order: the same ids, nothing added */
	for (i = NKEYS; i-- > 0;)
		if (intern(t, i, &added) != i || added)
			bad++;
	CHECK_INT(bad, 0);
	CHECK_INT(mrr_subs_count(t), NKEYS);
	/* records start zeroed and keep what the caller writes */
	for (i = 0; i < NKEYS; i++)
		if (mrr_subs_at(t, i)->account != 0 ||
		    mrr_subs_at(t, i)->n != 0)
			bad++;
	CHECK_INT(bad, 0);
	for (i = 0; i < NKEYS; i++)
		mrr_subs_at(t, i)->account = (uint32_t)(i * 3);
	id = intern(t, 12345, &added);
	CHECK_INT(id, 12345);
	CHECK_INT(mrr_subs_at(t, id)->account, 12345LL * 3);
	CHECK(mrr_subs_memory(t) > (size_t)NKEYS * 64);
	mrr_subs_drop_index(t);
	CHECK_INT(mrr_subs_count(t), NKEYS);
	CHECK_INT(mrr_subs_at(t, NKEYS - 1)->account, (NKEYS - 1) * 3LL);
	mrr_subs_free(t);
}

/* Keys around the inline size, and keys that differ only in the split. */
static void
test_lengths(void)
{
	struct mrr_subs *t = mrr_subs_new();
	char key[80];
	size_t len, id[4];
	int added;

	memset(key, 'k', sizeof(key));
	key[5] = '\t';
	for (len = 6; len < 70; len++)
		CHECK_INT(mrr_subs_intern(
		              t, key, len,
		              mrr_subs_hash(key, 5, key + 6, len - 6), &added),
		          len - 6);
	for (len = 6; len < 70; len++) {
		mrr_subs_intern(t, key, len,
		                mrr_subs_hash(key, 5, key + 6, len - 6),
		                &added);
		CHECK(!added);
	}
	/* "ab" TAB "c" and "a" TAB "bc" are two subscriptions */
	id[0] = mrr_subs_intern(t, "ab\tc", 4, mrr_subs_hash("ab", 2, "c", 1),
	                        &added);
	CHECK(added);
	id[1] = mrr_subs_intern(t, "a\tbc", 4, mrr_subs_hash("a", 1, "bc", 2),
	                        &added);
	CHECK(added);
	CHECK(id[0] != id[1]);
	/* empty ref */
	id[2] =
	    mrr_subs_intern(t, "a\t", 2, mrr_subs_hash("a", 1, "", 0), &added);
	CHECK(added);
	id[3] =
	    mrr_subs_intern(t, "a\t", 2, mrr_subs_hash("a", 1, "", 0), &added);
	CHECK(!added);
	CHECK_INT(id[2], id[3]);
	mrr_subs_free(t);
	mrr_subs_free(NULL);
}

int
main(void)
{
	test_ids();
	test_lengths();
	return check_exit();
}
