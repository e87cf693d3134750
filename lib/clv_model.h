/*
 * clv_model.h - a fitted customer-base model (purchases and spend), its
 * parameter file, and per-customer scoring: P(alive), expected purchases
 * and CLV.
 *
 * The parameter file is TSV with the columns model, parameter, value and
 * std_error, one row per parameter:
 *
 *	bgnbd	unit	week		(the unit alpha/beta are measured in)
 *	bgnbd	r	0.2426	0.0126	(pareto: r, alpha, s, beta)
 *	...
 *	bgnbd	loglik, customers, iterations	(information, not read)
 *	gammagamma	p, q, gamma, loglik, customers, iterations
 *
 * Values are written in the shortest form that reads back exactly, so
 * scoring from a written file gives the same output as scoring right
 * after the fit.
 */
#ifndef RMKIT_CLV_MODEL_H
#define RMKIT_CLV_MODEL_H

#include <stdio.h>

#include "bgnbd.h"
#include "clv_summary.h"
#include "gammagamma.h"
#include "paretonbd.h"

enum clv_kind { CLV_BGNBD, CLV_PARETO };

struct clv_model {
	enum clv_kind kind;
	enum clv_unit unit;
	struct bgnbd_params bg;
	struct pnbd_params pn;
	struct gg_params gg;
	int fitted; /* fit_purchase and fit_spend are set */
	struct clv_fit fit_purchase, fit_spend;
};

/* Parse "bgnbd" or "pareto".  Returns 0 and sets *kind, or -1. */
int clv_kind_parse(const char *name, enum clv_kind *kind);
const char *clv_kind_name(enum clv_kind kind);

/*
 * Fit the purchase model of kind m->kind and the Gamma-Gamma spend model
 * on the summary s (grouped as g), in unit m->unit.  Dies with EXIT_DATA
 * and a message saying why when a fit fails.
 */
void clv_model_fit(struct clv_model *m, const struct clv_summary *s,
                   const struct clv_groups *g);

/* Write the parameter file. */
void clv_model_write(FILE *f, const struct clv_model *m);

/*
 * Read a parameter file written by clv_model_write().  Sets m->kind and
 * m->unit from the file.  Dies with EXIT_DATA on a missing or invalid
 * parameter (each must be a finite number > 0) or an unknown row.
 */
void clv_model_read(struct clv_model *m, const char *path);

struct clv_score_options {
	double horizon;  /* units ahead for expected_purchases */
	int months;      /* CLV horizon in months */
	double discount; /* monthly discount rate */
};

/*
 * Write the score table: the summary columns then p_alive,
 * expected_purchases, expected_spend and clv, one row per customer in the
 * summary's order.  With t_m = m * (365.25 / 12) / unit days,
 *
 *	clv = expected_spend *
 *	      sum_{m=1..months} (E[Y(t_m)] - E[Y(t_{m-1})]) / (1+discount)^m
 *
 * Dies with EXIT_DATA naming the account when a value is not finite.
 */
void clv_score_write(FILE *f, const struct clv_model *m,
                     const struct clv_summary *s, const struct clv_groups *g,
                     const struct clv_score_options *o);

#endif
