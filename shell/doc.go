// Package shell reads training launch scripts statically: it parses the part
// of bash that people write around deepspeed, torchrun, accelerate launch,
// python and srun, expands the variables it can know, and returns each launch
// command with argument words that keep their positions in the script.
//
// Nothing is ever executed. What cannot be known without running the script
// ($1, $(cmd), variables the script never sets, $RANDOM) stays in the words,
// marked unknown and named, so callers can state their assumptions instead of
// guessing silently.
//
// Control flow is flattened on purpose: assignments take effect in the order
// they appear, top to bottom, whether they sit in an if branch, a loop body or
// a function body, and launch commands are found wherever they are written
// except inside $(…) and backticks. Launch scripts are straight-line
// configuration with a few defaults filled in by ifs, and reading them in
// order follows what the author meant in nearly all of them. Three refinements
// keep switches that toggle memory-relevant flags right:
//
//   - An if/elif/else whose condition is a single test the parser can decide
//     from known values ([ "$X" = "true" ], [ $N -eq 1 ]): a branch that
//     cannot run assigns nothing, and launches in it are marked Unreachable.
//   - A case picks its branch the same way when the subject and patterns are
//     known. When the subject is not known (case $1 in an option-parsing
//     loop), its branches assign nothing: they override values set before
//     the case for some invocations only, and the value set before is the
//     better guess.
//   - A branch of an if whose test is not known does not replace a value the
//     script computed from a command (n=$(nvidia-smi -L | wc -l) capped by
//     if [ "$n" -gt 10 ]; then n=10; fi): which one holds depends on the
//     machine, so the value stays the command's, unknown. Defaults filled in
//     for variables the script did not compute (if [ -z "$X" ]; then X=…)
//     still apply.
//
// Bash arrays are read: NAME=(…) and NAME+=(…) set their elements, and
// ${NAME[@]}, "${NAME[@]}", ${NAME[*]}, ${NAME[N]} and ${#NAME[@]} expand as
// bash expands them, each element of ${NAME[@]} making fields of its own, so
// flags kept in arrays (OpenRLHF's example scripts) reach the command.
//
// eval and bash -c are followed: their argument text is parsed again, and the
// words in it keep the positions where their characters are written. With an
// Opener (ParseWith), source FILE and bash FILE are followed too when the
// name is known; the words of such a file point at the line that reads it.
// cd to a known relative folder is kept on the commands after it
// (Command.Dir), and a batch script's #SBATCH -N sets the node count
// variables Slurm gives its job.
package shell
