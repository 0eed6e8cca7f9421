#ifndef PARLEY_SERVICE_PROJECTION_SET_H_
#define PARLEY_SERVICE_PROJECTION_SET_H_

#include <vector>

#include "projections/analytics_projection.h"
#include "projections/discussion_projection.h"
#include "store/event_store.h"

namespace parley::service {

// Every projection parleyd keeps, in the order the store applies them.
// parleyd registers them with its store, and parleyctl rebuild and verify
// use the same set, so the three always agree on the column families.
//
// Not copyable: the store keeps pointers to the members.
struct ProjectionSet {
  ProjectionSet() = default;
  ProjectionSet(const ProjectionSet&) = delete;
  ProjectionSet& operator=(const ProjectionSet&) = delete;

  // The projections as the store registers them.
  std::vector<store::Projection*> All() { return {&discussions, &analytics}; }

  projections::DiscussionProjection discussions;
  projections::AnalyticsProjection analytics;
};

}  // namespace parley::service

#endif  // PARLEY_SERVICE_PROJECTION_SET_H_
