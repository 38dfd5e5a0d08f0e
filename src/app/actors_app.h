// The job behind `casus actors --unknown`: the names casus coded from a title or an apposition
// because no dictionary knew them, written as dictionary lines for a reviewer to check and add.
#ifndef CASUS_APP_ACTORS_APP_H_
#define CASUS_APP_ACTORS_APP_H_

#include <ostream>
#include <string>

#include "core/status.h"

namespace casus {

struct UnknownActorsOptions {
  std::string db_path = "casus.db";
  int64_t limit = -1;  // at most this many names; -1: all
};

// One commented `actor CODE: Name` line per (name, code), most mentioned first; `count` gets the
// number of names listed.
Status RunUnknownActors(const UnknownActorsOptions& options, std::ostream* out, size_t* count);

}  // namespace casus

#endif  // CASUS_APP_ACTORS_APP_H_
