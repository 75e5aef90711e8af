/* mxcts: one executable, one subcommand per file (cmd_*.c). */
#include <stdio.h>
#include <string.h>
#include "commands.h"

#ifndef MXCTS_VERSION
#define MXCTS_VERSION "unknown"
#endif
#ifndef MXCTS_VECTORS_SHA256 /* sha256 of vectors/MANIFEST at build time, "" when none */
#define MXCTS_VECTORS_SHA256 ""
#endif

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"encode", cmd_encode, "encode wide values (f32/f16/bf16/f64) into an element format"},
    {"decode", cmd_decode, "decode element-format codes exactly to f32 or f64"},
    {"formats", cmd_formats, "print the format table"},
    {"profiles", cmd_profiles, "list the named compatibility profiles (--profile NAME)"},
    {"table", cmd_table, "full truth table of a conversion: raw bytes or its sha256"},
    {"quantize", cmd_quantize, "MX block quantise: per block the E8M0 scale and the element codes"},
    {"dequantize", cmd_dequantize, "MX block dequantise: scale + element codes to f32/bf16/f16/f64"},
    {"run", cmd_run, "conformance run: suites x levels against a backend (cpu, hip, plugin:PATH)"},
    {"targets", cmd_targets, "devices, targets, compile matrix and the kernel dispatch table"},
    {"vectors", cmd_vectors, "golden vectors: generate, verify (sha256 + re-derive every record), list"},
    {"bench", cmd_bench, "benchmarks (bench encode --format F)"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, "usage: mxcts <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nmxcts --version prints the version; mxcts <command> --help for options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version")) {
        if (MXCTS_VECTORS_SHA256[0])
            printf("mxcts %s (vectors: MANIFEST sha256 %s)\n", MXCTS_VERSION, MXCTS_VECTORS_SHA256);
        else
            printf("mxcts %s (vectors: none in this build)\n", MXCTS_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "mxcts: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
