/* placeholder replaced by the rm-import work */
#include "error.h"
int
main(int argc, char **argv)
{
	(void)argc;
	error_init(argv[0]);
	return EXIT_USAGE;
}
