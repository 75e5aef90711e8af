/* The mxcts subcommands. Each takes the arguments after its own name
 * (argv[0] is the subcommand name) and returns the process exit status:
 * 0 success, 1 a check failed, 2 bad usage or bad input. */
#ifndef MXCTS_COMMANDS_H
#define MXCTS_COMMANDS_H

int cmd_encode(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_quantize(int argc, char **argv);
int cmd_dequantize(int argc, char **argv);
int cmd_targets(int argc, char **argv);
int cmd_vectors(int argc, char **argv);

#endif
