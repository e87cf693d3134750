/*
 * preset.h - built-in column mappings for well-known CRM exports.
 *
 * A preset is the text of a map file (import.h, import_load_map()): lines
 * "canonical<TAB>source column" and "--option<TAB>value".  rm-import
 * --preset NAME --show prints it, so it can be edited and used with
 * --map-file.
 */
#ifndef RMKIT_PRESET_H
#define RMKIT_PRESET_H

#include <stddef.h>

struct preset {
	const char *name;
	const char *what; /* one line for --list-presets */
	const char *text; /* the map file */
};

/* The preset called name, or NULL. */
const struct preset *preset_find(const char *name);

/* Preset number i (0-based) in name order, or NULL past the last. */
const struct preset *preset_at(size_t i);

#endif
