/*
 * test_segment.c - quantile scores with ties, ABC tiers, grid levels and
 * the default RFM segment table.  Expected values are worked out by hand
 * in the comments from the formulas in segment.h.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "rfm.h"
#include "segment.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int
same(const int *got, const int *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (got[i] != want[i]) {
			printf("#   at %zu: got %d want %d\n", i, got[i],
			       want[i]);
			return 0;
		}
	return 1;
}

static void
test_ntile(void)
{
	/* 10 distinct values, 5 bins: two per bin */
	double ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
	int want_ten[] = {5, 5, 4, 4, 3, 3, 2, 2, 1, 1};
	/* ties: 1 1 1 2 3, n=5: the 1s have L=0 c=3: 1+floor(5*3/10)=2;
	 * 2: L=3 c=1: 1+floor(5*7/10)=4; 3: L=4: 1+floor(5*9/10)=5 */
	double ties[] = {1, 2, 1, 3, 1};
	int want_ties[] = {2, 4, 2, 5, 2};
	/* fractions take the sorting path; same answer */
	double tiesf[] = {1.5, 2.5, 1.5, 3.5, 1.5};
	/* all equal: the middle score 1 + floor(5/2) = 3 */
	double equal[] = {7, 7, 7, 7};
	int want_equal[] = {3, 3, 3, 3};
	/* missing gets -1 and does not count in n: 3 values, 3 bins */
	double miss[] = {NAN, 5, NAN, 1, 3};
	int want_miss[] = {-1, 3, -1, 1, 2};
	double one[] = {42};
	int got[10];

	seg_ntile(ten, N(ten), 5, got);
	CHECK(same(got, want_ten, N(ten)));
	seg_ntile(ties, N(ties), 5, got);
	CHECK(same(got, want_ties, N(ties)));
	seg_ntile(tiesf, N(tiesf), 5, got);
	CHECK(same(got, want_ties, N(tiesf)));
	seg_ntile(equal, N(equal), 5, got);
	CHECK(same(got, want_equal, N(equal)));
	seg_ntile(miss, N(miss), 3, got);
	CHECK(same(got, want_miss, N(miss)));
	/* a single account: mid rank 1/2, score 1 + floor(5/2) = 3 */
	seg_ntile(one, 1, 5, got);
	CHECK_INT(got[0], 3);
	/* a huge range takes the sorting path */
	{
		double wide[] = {1e12, -1e12, 0};
		int want_wide[] = {3, 1, 2};

		seg_ntile(wide, 3, 3, got);
		CHECK(same(got, want_wide, 3));
	}
}

static void
test_tiers(void)
{
	double shares[] = {80, 15, 5};
	/* total 100; before 50: 0 -> A; before 30: 50% -> A; before 10:
	 * 80% -> B (on the boundary: next tier); before 6: 90% -> B;
	 * before 4: 96% -> C */
	double v[] = {10, 50, 4, 30, 6};
	int want[] = {1, 0, 2, 0, 1};
	/* ties: 40 40 20 (total 100): both 40s have 0 before -> A (the
	 * second 40 alone would start at 40%, still A); 20 starts at 80% -> B
	 */
	double tie[] = {40, 20, 40};
	int want_tie[] = {0, 1, 0};
	/* a tie group straddling the boundary stays together: 70 10 10 10,
	 * the 10s all start at 70% -> A */
	double tie2[] = {10, 70, 10, 10};
	int want_tie2[] = {0, 0, 0, 0};
	/* missing is never a tier; one value dominating */
	double miss[] = {NAN, 1000, 1, NAN};
	int want_miss[] = {-1, 0, 2, -1};
	/* all zero: the last tier */
	double zero[] = {0, 0};
	int want_zero[] = {2, 2};
	double one[] = {5};
	int got[8];

	seg_tiers(v, N(v), shares, 3, got);
	CHECK(same(got, want, N(v)));
	seg_tiers(tie, N(tie), shares, 3, got);
	CHECK(same(got, want_tie, N(tie)));
	seg_tiers(tie2, N(tie2), shares, 3, got);
	CHECK(same(got, want_tie2, N(tie2)));
	seg_tiers(miss, N(miss), shares, 3, got);
	CHECK(same(got, want_miss, N(miss)));
	seg_tiers(zero, N(zero), shares, 3, got);
	CHECK(same(got, want_zero, N(zero)));
	seg_tiers(one, 1, shares, 3, got);
	CHECK_INT(got[0], 0);
}

static void
test_levels(void)
{
	double cuts[] = {10, 20};
	double v[] = {9.99, 10, 19.99, 20, NAN};
	int want[] = {0, 1, 1, 2, -1};
	/* tertiles of 6 distinct values: two per level */
	double t[] = {6, 5, 4, 3, 2, 1};
	int want_t[] = {2, 2, 1, 1, 0, 0};
	int got[6];

	seg_levels(v, N(v), cuts, got);
	CHECK(same(got, want, N(v)));
	seg_levels(t, N(t), NULL, got);
	CHECK(same(got, want_t, N(t)));
	CHECK_STR(seg_matrix_cells[seg_matrix_cell(2, 0)], "protect");
	CHECK_STR(seg_matrix_cells[seg_matrix_cell(2, 2)], "rescue");
	CHECK_STR(seg_matrix_cells[seg_matrix_cell(1, 1)], "maintain");
	CHECK_STR(seg_matrix_cells[seg_matrix_cell(0, 2)], "deprioritise");
}

static void
test_rfm_table(void)
{
	struct rfm_table *t = rfm_table_default();
	int r, f, ok = 1;

	CHECK_INT(rfm_table_count(t), 11);
	/* every (r, f) has a segment, whatever m */
	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++)
			if (rfm_table_lookup(t, 5, r, f, 1) == NULL ||
			    rfm_table_lookup(t, 5, r, f, 5) == NULL)
				ok = 0;
	CHECK(ok);
	CHECK_STR(rfm_table_lookup(t, 5, 5, 5, 5), "Champions");
	CHECK_STR(rfm_table_lookup(t, 5, 5, 1, 3), "New");
	CHECK_STR(rfm_table_lookup(t, 5, 4, 1, 1), "Promising");
	CHECK_STR(rfm_table_lookup(t, 5, 3, 3, 3), "Need Attention");
	CHECK_STR(rfm_table_lookup(t, 5, 3, 2, 3), "About to Sleep");
	CHECK_STR(rfm_table_lookup(t, 5, 3, 5, 1), "Loyal");
	CHECK_STR(rfm_table_lookup(t, 5, 4, 3, 1), "Potential Loyalist");
	CHECK_STR(rfm_table_lookup(t, 5, 1, 5, 5), "Can't Lose Them");
	CHECK_STR(rfm_table_lookup(t, 5, 2, 3, 5), "At Risk");
	CHECK_STR(rfm_table_lookup(t, 5, 1, 1, 1), "Lost");
	CHECK_STR(rfm_table_lookup(t, 5, 1, 2, 1), "Hibernating");
	CHECK_STR(rfm_table_lookup(t, 5, 2, 1, 1), "Hibernating");
	/* 10 bins rescale: ceil(5*10/10)=5, ceil(5*7/10)=4 -> Champions;
	 * ceil(5*1/10)=1 both -> Lost */
	CHECK_STR(rfm_table_lookup(t, 10, 10, 7, 1), "Champions");
	CHECK_STR(rfm_table_lookup(t, 10, 1, 2, 1), "Lost");
	rfm_table_free(t);
}

int
main(void)
{
	test_ntile();
	test_tiers();
	test_levels();
	test_rfm_table();
	return check_exit();
}
