/*
 * test_import.c - rm-import's library: configuration (maps, options, map
 * files, presets), format sniffing, and whole imports of small files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "date.h"
#include "import.h"
#include "num.h"
#include "preset.h"
#include "sniff.h"

static char dir[] = "/tmp/rmkit-import.XXXXXX";
static char err[512];

static const char *
write_file(const char *name, const char *data)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	fputs(data, f);
	fclose(f);
	return path;
}

/* Import data (in a file called name) with im; the output as a string. */
static char *
run(struct import *im, const char *name, const char *data)
{
	static char out[4096];
	const char *path = write_file(name, data);
	FILE *f = tmpfile();
	size_t n;

	import_set_rejects(im, NULL, 0);
	import_file(im, path, f);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

static struct import *
events(const char *type)
{
	struct import *im = import_new();

	import_map(im, "account", "Acct", err, sizeof(err));
	import_map(im, "date", "When", err, sizeof(err));
	if (type)
		import_option(im, "type", type, err, sizeof(err));
	return im;
}

static void
test_config(void)
{
	struct import *im = import_new();

	CHECK_INT(import_map(im, "acount", "X", err, sizeof(err)), -1);
	CHECK(strstr(err, "unknown canonical column 'acount'") != NULL);
	CHECK_INT(import_map(im, "account", "", err, sizeof(err)), -1);
	CHECK_INT(import_option(im, "type", "sale", err, sizeof(err)), -1);
	CHECK(strstr(err, "'sale' is not an event type") != NULL);
	CHECK_INT(
	    import_option(im, "type-map", "A=won,B=bogus", err, sizeof(err)),
	    -1);
	CHECK(strstr(err, "'bogus' is not an event type") != NULL);
	CHECK_INT(import_option(im, "type-map", "novalue", err, sizeof(err)),
	          -1);
	CHECK_INT(import_option(im, "also", "type=payment", err, sizeof(err)),
	          -1);
	CHECK(strstr(err, "date= is required") != NULL);
	CHECK_INT(import_option(im, "also", "date=X", err, sizeof(err)), -1);
	CHECK(strstr(err, "give one of type= and type-from=") != NULL);
	CHECK_INT(import_option(im, "also", "type=mrr,date=X,set-value=x", err,
	                        sizeof(err)),
	          -1);
	CHECK_INT(import_option(im, "also", "type=mrr,date=X,colour=red", err,
	                        sizeof(err)),
	          -1);
	CHECK(strstr(err, "unknown key 'colour'") != NULL);
	CHECK_INT(import_option(im, "frobnicate", "", err, sizeof(err)), -1);
	/* no mapping is complete until the header is read: unmapped
	   canonical columns are then looked up by name (command tests) */
	CHECK_INT(import_check(im, err, sizeof(err)), 0);
	import_map(im, "account", "A", err, sizeof(err));
	import_map(im, "date", "D", err, sizeof(err));
	CHECK_INT(import_option(im, "type", "order", err, sizeof(err)), 0);
	CHECK_INT(import_check(im, err, sizeof(err)), 0);
	/* account columns do not fit an event stream */
	import_map(im, "owner", "O", err, sizeof(err));
	CHECK_INT(import_check(im, err, sizeof(err)), -1);
	CHECK(strstr(err, "'owner' is not a column of an event stream"));
	import_option(im, "accounts", "", err, sizeof(err));
	CHECK_INT(import_check(im, err, sizeof(err)), -1); /* date, type */
	import_free(im);
}

static void
test_map_file_and_presets(void)
{
	struct import *im = import_new();
	const struct preset *p;
	size_t i;

	CHECK_INT(import_load_map(im,
	                          "# comment\n\naccount\tAcct\ndate\tWhen\n"
	                          "--type\tusage\n--kind\tlogins\n",
	                          "m.map", err, sizeof(err)),
	          0);
	CHECK_INT(import_check(im, err, sizeof(err)), 0);
	CHECK_INT(
	    import_load_map(im, "account Acct\n", "m.map", err, sizeof(err)),
	    -1);
	CHECK_STR(err, "m.map:1: want 'canonical<TAB>source column', got "
	               "'account Acct'");
	CHECK_INT(import_load_map(im, "\n--type\n", "m.map", err, sizeof(err)),
	          -1);
	CHECK_STR(err, "m.map:2: option '--type' needs a TAB and a value");
	import_free(im);
	/* every preset loads and is complete */
	for (i = 0; (p = preset_at(i)) != NULL; i++) {
		im = import_new();
		CHECK_INT(
		    import_load_map(im, p->text, p->name, err, sizeof(err)), 0);
		CHECK_INT(import_check(im, err, sizeof(err)), 0);
		import_free(im);
	}
	CHECK_INT(i, 6);
	CHECK(preset_find("hubspot-deals") != NULL);
	CHECK(preset_find("hubspot") == NULL);
}

static void
test_sniff(void)
{
	CHECK_INT(sniff_by_name("a.csv"), 'c');
	CHECK_INT(sniff_by_name("a.CSV.gz"), 'c');
	CHECK_INT(sniff_by_name("a.tsv.gz"), 't');
	CHECK_INT(sniff_by_name("a.txt"), 0);
	CHECK_INT(sniff_by_name("-"), 0);
	CHECK_INT(sniff_delimiter("a;b;c\n1,5;2;3\n", 14), ';');
	CHECK_INT(sniff_delimiter("a\tb\n", 4), '\t');
	CHECK_INT(sniff_delimiter("\"a,b\";c\n", 8), ';');
	CHECK_INT(sniff_delimiter("a|b\n", 4), '|');
	CHECK_INT(sniff_delimiter("abc\n", 4), ',');
	CHECK_INT(sniff_parse_delimiter("tab"), '\t');
	CHECK_INT(sniff_parse_delimiter("\\t"), '\t');
	CHECK_INT(sniff_parse_delimiter(";"), ';');
	CHECK_INT(sniff_parse_delimiter("ab"), 0);
	CHECK_INT(sniff_parse_delimiter("\""), 0);
}

static void
test_events(void)
{
	struct import *im = events("order");
	struct import_counts c;

	import_map(im, "value", "Amt", err, sizeof(err));
	CHECK_STR(run(im, "a.csv",
	              "Acct,When,Amt\n"
	              " A1 ,2024-01-05,\"$1,200.50\"\n"
	              "A2,1/6/2024 10:00,12\n"
	              "A3,20240107,\n"
	              "A4,2024-02-30,1\n"
	              "A5,2024-01-08,12abc\n"
	              ",2024-01-08,1\n"
	              "A6,2024-01-09\n"),
	          "account\tdate\ttype\tvalue\tref\tkind\n"
	          "A1\t2024-01-05\torder\t1200.5\t\t\n"
	          "A2\t2024-01-06\torder\t12\t\t\n"
	          "A3\t2024-01-07\torder\t\t\t\n");
	c = import_get_counts(im);
	CHECK_INT(c.rows, 7);
	CHECK_INT(c.rejected, 4);
	CHECK_INT(c.written, 3);
	import_free(im);

	/* type from a column, --also with an empty date, kinds, keep */
	im = events(NULL);
	import_option(im, "type-from", "Stage", err, sizeof(err));
	import_option(im, "type-map", "Open=-,Won=won", err, sizeof(err));
	import_option(im, "also", "type=payment,date=Paid,value=Amt", err,
	              sizeof(err));
	import_map(im, "kind", "K", err, sizeof(err));
	import_option(im, "kind-map", "Big Deal=big", err, sizeof(err));
	import_option(im, "keep", "Note", err, sizeof(err));
	import_map(im, "value", "Amt", err, sizeof(err));
	CHECK_STR(run(im, "b.csv",
	              "Acct,When,Stage,Paid,Amt,K,Note\n"
	              "A1,2024-01-05,Won,2024-01-10,5,Big Deal,\"x\ty\"\n"
	              "A2,2024-01-05,Open,,5,other,n\n"
	              "A3,2024-01-05,lost,,5,,n\n"
	              "A4,2024-01-05,Maybe,,5,,n\n"),
	          "account\tdate\ttype\tvalue\tref\tkind\tNote\n"
	          "A1\t2024-01-05\twon\t5\t\tbig\tx\\ty\n"
	          "A1\t2024-01-10\tpayment\t5\t\t\tx\\ty\n"
	          "A3\t2024-01-05\tlost\t5\t\t\tn\n");
	c = import_get_counts(im);
	CHECK_INT(c.skipped, 1);
	CHECK_INT(c.rejected, 1);
	import_free(im);
}

static void
test_styles(void)
{
	/* delivery: a type whose values may be negative (days early) */
	struct import *im = events("delivery");

	import_map(im, "value", "Amt", err, sizeof(err));
	import_option(im, "dmy", "", err, sizeof(err));
	import_option(im, "decimal-comma", "", err, sizeof(err));
	CHECK_STR(run(im, "c.csv",
	              "Acct;When;Amt\nA1;5/1/2024;\"1.234,50\"\n"
	              "A2;31.12.2023;(3,5)\n"),
	          "account\tdate\ttype\tvalue\tref\tkind\n"
	          "A1\t2024-01-05\tdelivery\t1234.5\t\t\n"
	          "A2\t2023-12-31\tdelivery\t-3.5\t\t\n");
	import_free(im);

	im = events("delivery");
	import_map(im, "value", "N", err, sizeof(err));
	import_map(im, "quantity", "Q", err, sizeof(err));
	import_option(im, "excel-dates", "", err, sizeof(err));
	CHECK_STR(
	    run(im, "d.tsv", "Acct\tWhen\tN\tQ\nA\\\\1\t45292\t2.5\t-2\n"),
	    "account\tdate\ttype\tvalue\tref\tkind\n"
	    "A\\\\1\t2024-01-01\tdelivery\t-5\t\t\n");
	import_free(im);
}

static void
test_accounts_and_raw(void)
{
	struct import *im = import_new();

	import_option(im, "accounts", "", err, sizeof(err));
	import_map(im, "account", "Id", err, sizeof(err));
	import_map(im, "start", "Since", err, sizeof(err));
	import_map(im, "arr", "ARR", err, sizeof(err));
	import_map(im, "name", "Name", err, sizeof(err));
	CHECK_INT(import_check(im, err, sizeof(err)), 0);
	CHECK_STR(run(im, "e.csv",
	              "Id,Name,Since,ARR\nA1,\"Acme, Inc.\",3/4/2021,"
	              "\"$12,000\"\nA2,Beta,,\nA1,Again,,\n"),
	          "account\tname\tstart\tarr\n"
	          "A1\tAcme, Inc.\t2021-03-04\t12000\n"
	          "A2\tBeta\t\t\n");
	CHECK_INT(import_get_counts(im).rejected, 1);
	import_free(im);

	im = import_new();
	import_option(im, "raw", "", err, sizeof(err));
	CHECK_STR(run(im, "f.csv", "a,b\n\" x\",\"l1\nl2\"\n"),
	          "a\tb\n x\tl1\\nl2\n");
	import_free(im);
}

/* The amount fast path gives what num_parse_loose() + shortest gives. */
static void
test_amounts(void)
{
	static const char *const in[] = {"0",
	                                 "-0",
	                                 "-0.00",
	                                 "007",
	                                 "1,234",
	                                 "12,345,678.90",
	                                 "$1,234.50",
	                                 "-$5",
	                                 "1,23",
	                                 "1234,567",
	                                 "0.000001",
	                                 "0.0000001",
	                                 "123456789012345",
	                                 "1234567890123456",
	                                 "0.10",
	                                 ".5",
	                                 "5.",
	                                 "1,2345",
	                                 ",123",
	                                 "1,,234",
	                                 "$",
	                                 "-",
	                                 "12abc",
	                                 "1.2.3",
	                                 "0.05",
	                                 "100",
	                                 "-12.50",
	                                 "999,999,999,999.99",
	                                 "0.000010",
	                                 "00.5",
	                                 "1,234,56",
	                                 "12,34"};
	char data[2048], want[4096], buf[64];
	size_t i, n = 0, w = 0;
	struct import *im = events("delivery");

	import_map(im, "value", "V", err, sizeof(err));
	n += (size_t)snprintf(data, sizeof(data), "Acct,When,V\n");
	w += (size_t)snprintf(want, sizeof(want),
	                      "account\tdate\ttype\tvalue\tref\tkind\n");
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		double v;

		n += (size_t)snprintf(data + n, sizeof(data) - n,
		                      "A%zu,2024-01-01,\"%s\"\n", i, in[i]);
		if (num_parse_loose(in[i], strlen(in[i]), NULL, &v) != 0)
			continue;
		num_format_shortest(buf, sizeof(buf), v);
		w += (size_t)snprintf(want + w, sizeof(want) - w,
		                      "A%zu\t2024-01-01\tdelivery\t%s\t\t\n", i,
		                      buf);
	}
	CHECK_STR(run(im, "g.csv", data), want);
	import_free(im);
}

/* Dates written as text give what date_parse() + date_format() give. */
static void
test_dates(unsigned flags)
{
	static const char *const in[] = {
	    "2024-01-05", "2024-01-05 10:00", "2024-01-05T10:00:00Z",
	    "1/5/2024",   "12/31/2023",       "1/15/2024 10:00",
	    "01/05/2024", "2024/01/05",       "20240105",
	    "5.1.2024",   "2024-1-5",         "13/1/2024",
	    "1/13/2024",  "2/29/2023",        "2/29/2024",
	    "1/5/24",     "111/5/2024",       "1/5/2024x",
	    "45292",      "2/29/1900",        "2/29/2000",
	    "1900-02-29", "2000-02-29",       "2100-02-29",
	    "0000-01-01", "0001-01-01",       "9999-12-31",
	    "4/31/2024",  "4/30/2024",        "0/5/2024",
	    "1/0/2024",   "2024-00-10",       "2024-13-01",
	    "2024-04-31", "2024-12-31",       "12/32/2024",
	    "2/29/0004",  "1/1/0000"};
	char data[4096], want[8192], buf[DATE_BUFSIZE];
	size_t i, n = 0, w = 0;
	struct import *im = events("touch");

	if (flags & DATE_DMY)
		import_option(im, "dmy", "", err, sizeof(err));
	if (flags & DATE_EXCEL)
		import_option(im, "excel-dates", "", err, sizeof(err));
	n += (size_t)snprintf(data, sizeof(data), "Acct,When\n");
	w += (size_t)snprintf(want, sizeof(want),
	                      "account\tdate\ttype\tvalue\tref\tkind\n");
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		int day;

		n += (size_t)snprintf(data + n, sizeof(data) - n, "A%zu,%s\n",
		                      i, in[i]);
		if (date_parse(in[i], strlen(in[i]), flags, &day) != 0)
			continue;
		date_format(day, buf);
		w += (size_t)snprintf(want + w, sizeof(want) - w,
		                      "A%zu\t%s\ttouch\t\t\t\n", i, buf);
	}
	CHECK_STR(run(im, "h.csv", data), want);
	import_free(im);
}

/*
 * Fields are escaped for the record format whatever their length and
 * wherever the TAB or backslash is (the output is written 8 bytes at a
 * time where it can be): each field of the raw output, unescaped, is
 * the input's field.
 */
static void
test_escapes(void)
{
	char data[4096], want[4096], field[32];
	size_t len, pos, n = 0, w = 0, k;
	int bs;
	struct import *im = import_new();

	import_option(im, "raw", "", err, sizeof(err));
	n += (size_t)snprintf(data, sizeof(data), "f\n");
	w += (size_t)snprintf(want, sizeof(want), "f\n");
	for (len = 3; len <= 24; len++) {
		for (pos = 1; pos < len - 1; pos += 3) {
			for (bs = 0; bs < 2; bs++) {
				for (k = 0; k < len; k++)
					field[k] = (char)('a' + k);
				field[pos] = bs ? '\\' : '\t';
				n += (size_t)snprintf(
				    data + n, sizeof(data) - n, "\"%.*s\"\n",
				    (int)len, field);
				for (k = 0; k < len; k++) {
					if (k == pos)
						want[w++] = '\\';
					if (k == pos && !bs)
						want[w++] = 't';
					else
						want[w++] = field[k];
				}
				want[w++] = '\n';
			}
		}
	}
	want[w] = '\0';
	CHECK(n < sizeof(data) - 1 && w < sizeof(want) - 1);
	CHECK_STR(run(im, "e.csv", data), want);
	import_free(im);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	test_config();
	test_map_file_and_presets();
	test_sniff();
	test_events();
	test_styles();
	test_accounts_and_raw();
	test_escapes();
	test_amounts();
	test_dates(0);
	test_dates(DATE_DMY);
	test_dates(DATE_EXCEL);
	{
		static const char *const names[] = {"a.csv", "b.csv", "c.csv",
		                                    "d.tsv", "e.csv", "f.csv",
		                                    "g.csv", "h.csv"};
		char path[256];
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	return check_exit();
}
