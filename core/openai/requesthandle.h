// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

namespace Sanzaru::Core {

struct ExchangeControl;

/// Lets the caller cancel an ApiClient request from any thread. Cancelling aborts the transfer,
/// removes any partial download and completes the request once with ErrorKind::Cancelled.
/// Safe to call twice, and after completion (then it does nothing).
class RequestHandle
{
public:
    RequestHandle() = default;
    explicit RequestHandle(std::shared_ptr<ExchangeControl> control) : m_control(std::move(control)) {}

    void cancel() const;
    bool isValid() const { return bool(m_control); }

private:
    std::shared_ptr<ExchangeControl> m_control;
};

} // namespace Sanzaru::Core
