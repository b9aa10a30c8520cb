// SPDX-License-Identifier: MIT
#pragma once

#include "fakefiles.h"
#include "fakeimages.h"
#include "fakemedia.h"
#include "fakemodels.h"
#include "fakereply.h"
#include "fakeresponses.h"
#include "fakevideos.h"

namespace Sanzaru::Testing {

struct RecordedRequest;

/// The fake API's state and its router from "METHOD /v1/…" to the per-resource stores. Not thread-safe:
/// FakeOpenAiServer serialises every call with its mutex.
class FakeApiState
{
public:
    FakeApiState();
    Q_DISABLE_COPY_MOVE(FakeApiState)

    /// Executes an authenticated request and returns the answer (404 "Invalid URL" for unknown routes).
    FakeReply handle(const RecordedRequest &request);

    FakeVideos &videos() { return m_videos; }
    const FakeVideos &videos() const { return m_videos; }
    FakeModels &models() { return m_models; }

private:
    FakeMedia m_media;
    FakeFiles m_files;
    FakeVideos m_videos;
    FakeImages m_images;
    FakeResponses m_responses;
    FakeModels m_models;
};

} // namespace Sanzaru::Testing
