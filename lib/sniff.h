/*
 * sniff.h - guess the format of a CSV/TSV export.
 */
#ifndef RMKIT_SNIFF_H
#define RMKIT_SNIFF_H

#include <stddef.h>

/*
 * The format a file name implies, ignoring a final ".gz": 'c' for .csv,
 * 't' for .tsv or .tab, 0 when the name says nothing (also for "-").
 */
int sniff_by_name(const char *path);

/*
 * The delimiter of the first line of buf (len bytes): the one of ',',
 * ';', TAB and '|' found most often outside double quotes (ties go in
 * that order); ',' when there is none (a one-column file).
 */
char sniff_delimiter(const char *buf, size_t len);

/*
 * Parse a delimiter as given on the command line: one byte, or "\t",
 * "tab", "TAB".  Returns the byte, or 0 when arg is none of these (line
 * ends, quotes and NUL are not allowed either).
 */
char sniff_parse_delimiter(const char *arg);

#endif
