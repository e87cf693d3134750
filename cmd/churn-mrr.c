/* Temporary: replaced by the rm-churn mrr work. */
#include "churn.h"
#include "error.h"

int
cmd_churn_mrr(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die(EXIT_USAGE, "this mode is not built yet");
}
