// Dictionary directories: the shipped data (data/actors, data/events) is a folder of text files
// of one kind, loaded in name order so that earlier files win ties. Thread-compatible.
#ifndef CASUS_CORE_FILES_H_
#define CASUS_CORE_FILES_H_

#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace casus {

// Calls `add(file name, contents)` for every "*<extension>" file of `dir`, sorted by name,
// stopping at the first error. `what` names the files in messages ("actor dictionary").
Status ForEachFileIn(const std::string& dir, std::string_view extension, std::string_view what,
                     const std::function<Status(const std::string&, const std::string&)>& add);

// Reads the whole file at `path` into `contents`; NotFound when it cannot be opened.
Status ReadFileToString(const std::string& path, std::string* contents);

}  // namespace casus

#endif  // CASUS_CORE_FILES_H_
