/*
 * hash.h - a fast hash of short byte strings (keys and refs), for the
 * tables that look them up: strmap.c and pairs.c.
 *
 * Eight bytes at a time, each word mixed in by a multiply and a shift,
 * so that every bit reaches the result (FNV-1a took a multiply per byte:
 * a third of a look-up's instructions on account keys).  No copy of
 * variable length is made: the last eight bytes are read as one word
 * even when they overlap the word before, a string of four to seven
 * bytes as two words of four, a shorter one byte by byte; the length is
 * in the hash, so strings that share those words still differ.  The low
 * bits of the result are as good as the high ones (tables mask them).
 * Inline: it is on the path of every event.
 */
#ifndef RMKIT_HASH_H
#define RMKIT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* h with w mixed in. */
static inline uint64_t
hash_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
	return h ^ h >> 32;
}

/*
 * The hash of the len bytes at s, from seed (callers that hash pairs of
 * things put the other one in the seed), folded to 32 bits.
 */
static inline uint32_t
hash_bytes(uint64_t seed, const char *s, size_t len)
{
	uint64_t h = seed ^ len, w = 0;
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8) {
			memcpy(&w, s + i, 8);
			h = hash_mix(h, w);
		}
		memcpy(&w, s + len - 8, 8);
	} else if (len >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else {
		for (i = 0; i < len; i++)
			w = w << 8 | (unsigned char)s[i];
	}
	h = hash_mix(h, w);
	h = hash_mix(h, h >> 29);
	return (uint32_t)h;
}

/* The seed for a string on its own. */
#define HASH_SEED 0x9E3779B97F4A7C15ULL

#endif
