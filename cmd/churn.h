/*
 * churn.h - the two modes of rm-churn, each a whole command.
 */
#ifndef RMKIT_CMD_CHURN_H
#define RMKIT_CMD_CHURN_H

/* MRR movements, period table, --cohorts, --renewals, --accounts-out. */
int cmd_churn_mrr(int argc, char **argv);

/* --summary, --model bgnbd|pareto, --fit, --params: P(alive) and CLV. */
int cmd_churn_model(int argc, char **argv);

#endif
