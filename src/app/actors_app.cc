#include "app/actors_app.h"

#include <memory>
#include <vector>

#include <fmt/format.h>

#include "store/store.h"

namespace casus {

Status RunUnknownActors(const UnknownActorsOptions& options, std::ostream* out, size_t* count) {
  *count = 0;
  std::unique_ptr<Store> store;
  CASUS_RETURN_IF_ERROR(Store::OpenExisting(options.db_path, &store));
  std::vector<InferredActor> actors;
  CASUS_RETURN_IF_ERROR(store->QueryInferredActors(&actors));
  *out << "# Names no dictionary knows, coded from their title or apposition (casus actors "
          "--unknown).\n# Check each against a source before adding it to a dictionary; give "
          "date ranges to roles.\n";
  for (const InferredActor& a : actors) {
    if (options.limit >= 0 && static_cast<int64_t>(*count) >= options.limit) {
      break;
    }
    *out << fmt::format("# {} mention{} in {} document{} (first: {}), from {}\nactor {}: {}\n",
                        a.mentions, a.mentions == 1 ? "" : "s", a.documents,
                        a.documents == 1 ? "" : "s", a.first_doc, a.entry, a.code, a.name);
    ++*count;
  }
  return Status::OK();
}

}  // namespace casus
