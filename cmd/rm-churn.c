/*
 * rm-churn - churn and retention: MRR movements, cohorts and renewals
 * (cmd/churn-mrr.c), or purchase models, P(alive) and CLV
 * (cmd/churn-model.c).
 *
 * main only chooses the mode: any of --model, --summary or --params on
 * the command line selects the model mode.
 */
#include <string.h>

#include "churn.h"
#include "error.h"

static int
wants_model(int argc, char **argv)
{
	static const char *const opts[] = {"--model", "--summary", "--params",
					   "--fit"};
	int i;
	size_t j, n;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		for (j = 0; j < sizeof(opts) / sizeof(opts[0]); j++) {
			n = strlen(opts[j]);
			if (strncmp(argv[i], opts[j], n) == 0 &&
			    (argv[i][n] == '\0' || argv[i][n] == '='))
				return 1;
		}
	return 0;
}

int
main(int argc, char **argv)
{
	error_init(argv[0]);
	argv[0] = (char *)progname(); /* getopt's messages too */
	if (wants_model(argc, argv))
		return cmd_churn_model(argc, argv);
	return cmd_churn_mrr(argc, argv);
}
