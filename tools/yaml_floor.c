/* yaml_floor: the benchmark's parsing floor.  Parses every YAML file named in
 * a list (one path a line) with libyaml, event by event, and keeps nothing:
 * the least any loader of those files must do.  Prints the number of files
 * and events.  Not part of assess.
 *
 * usage: yaml_floor LIST */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

/* Parse the file at path to its end; returns the number of events, -1 on error. */
static long parse(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    yaml_parser_t p;
    yaml_event_t ev;
    long n = 0;
    int done = 0;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            n = -1;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        n++;
    }
    yaml_parser_delete(&p);
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: yaml_floor LIST\n", stderr);
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        fprintf(stderr, "yaml_floor: cannot open '%s'\n", argv[1]);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long files = 0, events = 0;
    while ((len = getline(&line, &cap, list)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        if (!*line)
            continue;
        long n = parse(line);
        if (n < 0) {
            fprintf(stderr, "yaml_floor: cannot parse '%s'\n", line);
            return 1;
        }
        events += n;
        files++;
    }
    free(line);
    fclose(list);
    printf("%ld files, %ld events\n", files, events);
    return 0;
}
