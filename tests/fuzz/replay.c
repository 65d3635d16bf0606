/*
 * replay.c -- a fuzz target run on files, without libFuzzer.
 *
 * Linked with one tests/fuzz/fuzz_*.c by any compiler (gcc in `make test`,
 * under ASan and UBSan in `make test-asan`): every file named, and every
 * file in every folder named, is handed once to LLVMFuzzerTestOneInput.
 * So the seed corpora and the inputs that once crashed a parser
 * (tests/fuzz/regressions/<target>/) stay tests after the fuzzing is over.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		if (f)
			fclose(f);
		return -1;
	}
	/* A copy of exactly size bytes, as libFuzzer hands them: ASan sees a read past the end. */
	data = malloc(size > 0 ? (size_t)size : 1);
	if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, failed = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *entry;

		if (stat(argv[i], &st) != 0)
			continue;   /* a target without regressions has no folder */
		if (!S_ISDIR(st.st_mode)) {
			failed += run_file(argv[i]) != 0;
			files++;
			continue;
		}
		if ((dir = opendir(argv[i])) == NULL) {
			perror(argv[i]);
			return 1;
		}
		while ((entry = readdir(dir)) != NULL) {
			char path[4096];

			if (entry->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], entry->d_name);
			failed += run_file(path) != 0;
			files++;
		}
		closedir(dir);
	}
	printf("%s: %d inputs replayed\n", argv[0], files);
	return failed != 0 || files == 0;
}
