/*
 * sniff.c - guess the format of a CSV/TSV export.
 */
#include <string.h>
#include <strings.h>

#include "sniff.h"

static int
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

int
sniff_by_name(const char *path)
{
	size_t len = strlen(path);

	if (ends_with(path, len, ".gz"))
		len -= 3;
	if (ends_with(path, len, ".csv"))
		return 'c';
	if (ends_with(path, len, ".tsv") || ends_with(path, len, ".tab"))
		return 't';
	return 0;
}

char
sniff_delimiter(const char *buf, size_t len)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[4] = {0, 0, 0, 0}, i, j, best = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted)
			for (j = 0; j < 4; j++)
				count[j] += c == cand[j];
	}
	for (j = 1; j < 4; j++)
		if (count[j] > count[best])
			best = j;
	return cand[best];
}

char
sniff_parse_delimiter(const char *arg)
{
	if (strcmp(arg, "\\t") == 0 || strcasecmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '\n' || arg[0] == '\r' ||
	    arg[0] == '"')
		return 0;
	return arg[0];
}
