// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Sanzaru::Core {

/// Small builders for the JSON Schemas of tool inputs and outputs.
class Schema
{
public:
    static QJsonObject string(const QString &description);
    static QJsonObject stringEnum(const QStringList &values, const QString &description);
    static QJsonObject integer(const QString &description);
    static QJsonObject number(const QString &description);
    static QJsonObject boolean(const QString &description);
    static QJsonObject stringArray(const QString &description);
    static QJsonObject anyObject(const QString &description);
    /// {"type":["X","null"]} variant of a property schema.
    static QJsonObject nullable(QJsonObject schema);
    /// The object schema with every property that is not required made nullable, in nested objects
    /// too: null means "absent" for every optional parameter (LLM clients send null for unset fields).
    /// ArgumentValidator applies the same rule.
    static QJsonObject nullableOptionals(QJsonObject objectSchema);
    static QJsonObject withDefault(QJsonObject schema, const QJsonValue &value);
    static QJsonObject object(const QJsonObject &properties, const QStringList &required = {});
    /// [w, h] pixel sizes.
    static QJsonObject sizePair(const QString &description);
};

} // namespace Sanzaru::Core
