/* Temporary: replaced by the rm-churn model work. */
#include "churn.h"
#include "error.h"

int
cmd_churn_model(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die(EXIT_USAGE, "this mode is not built yet");
}
